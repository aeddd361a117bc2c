"""The channel rendered for a terminal as a person reads it in Slack."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.demo.printer import ChannelPrinter, render
from bot.sandbox import Sandbox

NAMES = {"U1": "Ada Lovelace", "U2": "Grace Hopper"}


def shown(text: str) -> str:
    return render(text, lambda user: NAMES.get(user, "unknown person"), lambda channel: "leadership")


def test_mentions_read_as_names_and_channels_by_name() -> None:
    assert shown("<@U1> and <@U2|grace> in <#C9> and <#C8|board>, <!here>") == (
        "@Ada Lovelace and @Grace Hopper in #leadership and #board, @here"
    )


def test_a_date_reads_as_its_fallback_and_a_link_as_its_words() -> None:
    assert shown("Due <!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>") == (
        "Due 2023-11-14 22:13 UTC"
    )
    assert shown("See <https://example.com/x|the guide> or <https://example.com>") == (
        "See the guide or https://example.com"
    )


def test_formatting_marks_go_and_identifiers_keep_their_underscores() -> None:
    assert shown("*Recommended:* _Next:_ ~old~ `██░░` 20% in `000_285b.txt` for first_hire_rule") == (
        "Recommended: Next: old ██░░ 20% in 000_285b.txt for first_hire_rule"
    )
    assert shown(":warning: *Decisive*") == "⚠️ Decisive"


def test_typed_angle_brackets_stay_text_and_quotes_get_a_bar() -> None:
    assert shown("&lt;@U1&gt; wrote A &amp; B") == "<@U1> wrote A & B"
    assert shown("> a quoted answer\n&gt; typed, not a quote") == "│ a quoted answer\n> typed, not a quote"


@pytest.fixture
def slack() -> Iterator[tuple[Sandbox, WebClient, str]]:
    with Sandbox() as sandbox:
        sandbox.add_team("T1", name="Acme")
        sandbox.add_user("T1", "U1", real_name="Ada Lovelace")
        channel = sandbox.add_channel("T1", "leadership", members=["U1"])
        yield sandbox, WebClient(token=sandbox.bot_token("T1"), base_url=sandbox.api_url), channel.id


def test_new_messages_print_once_with_thread_replies_indented(slack: tuple[Sandbox, WebClient, str]) -> None:
    sandbox, client, channel = slack
    out = io.StringIO()
    printer = ChannelPrinter(sandbox, "T1", channel, out)
    head = client.chat_postMessage(channel=channel, text="Summary for <@U1>")["ts"]
    client.chat_postMessage(channel=channel, text="An answer in the thread", thread_ts=head)
    assert printer.new_messages() == 2 and printer.new_messages() == 0
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["#leadership · Hiring Workshop", "  Summary for @Ada Lovelace"]
    assert "    ↳ Hiring Workshop, in the thread:" in lines
    assert "      An answer in the thread" in lines


def test_a_reply_only_one_person_sees_says_so(slack: tuple[Sandbox, WebClient, str]) -> None:
    sandbox, client, channel = slack
    out = io.StringIO()
    client.chat_postEphemeral(channel=channel, user="U1", text="Closed round 1 of workshop #1.")
    assert ChannelPrinter(sandbox, "T1", channel, out).new_ephemerals("U1") == 1
    assert out.getvalue().splitlines()[:2] == [
        "#leadership · only Ada Lovelace sees this",
        "  Closed round 1 of workshop #1.",
    ]
