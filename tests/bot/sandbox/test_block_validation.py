"""Block Kit limits Slack enforces: each limit is accepted at its edge and refused one past it."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox
from bot.sandbox.validation import block_problems, view_problems


def text(kind: str, words: str) -> dict:
    return {"type": kind, "text": words}


def section(words: str) -> dict:
    return {"type": "section", "text": text("mrkdwn", words)}


def button(label: str = "Go", value: str = "v", action_id: str = "go") -> dict:
    return {"type": "button", "text": text("plain_text", label), "value": value, "action_id": action_id}


def option(label: str = "Yes", value: str = "yes") -> dict:
    return {"text": text("plain_text", label), "value": value}


def select(options: list[dict]) -> dict:
    return {"type": "static_select", "action_id": "pick", "options": options}


def text_input(**extra: Any) -> dict:
    return {
        "type": "input",
        "label": text("plain_text", "Why?"),
        "element": {"type": "plain_text_input", **extra},
    }


def modal(title: str = "Answers", blocks: list | None = None, **extra: Any) -> dict:
    return {"type": "modal", "title": text("plain_text", title), "blocks": blocks or [section("x")], **extra}


def message_problems(blocks: list) -> list[str]:
    return block_problems(blocks, pointer="/blocks", limit=50, surface="message")


def refusal(call, **arguments) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call(**arguments)
    return refused.value.response.data


# --- through the Web API ------------------------------------------------------------------------


def test_fifty_blocks_pass_and_fifty_one_are_refused(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C_LEAD", text="x", blocks=[section("b")] * 50)["ok"]

    refused = refusal(client.chat_postMessage, channel="C_LEAD", text="x", blocks=[section("b")] * 51)

    assert refused["error"] == "invalid_blocks"
    assert refused["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_section_text_of_3000_passes_and_3001_is_refused(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C_LEAD", text="x", blocks=[section("y" * 3000)])["ok"]

    refused = refusal(client.chat_postMessage, channel="C_LEAD", text="x", blocks=[section("y" * 3001)])

    assert refused["errors"] == ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]


def test_duplicate_block_ids_are_refused(client: WebClient) -> None:
    blocks = [{**section("a"), "block_id": "same"}, {**section("b"), "block_id": "same"}]

    refused = refusal(client.chat_postMessage, channel="C_LEAD", text="x", blocks=blocks)

    assert refused["response_metadata"]["messages"] == [
        "[ERROR] must be unique within the message [json-pointer:/blocks/1/block_id]"
    ]


def test_a_24_character_modal_title_passes_and_25_is_refused(sandbox: Sandbox, client: WebClient) -> None:
    assert client.views_open(trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal("t" * 24))["ok"]

    refused = refusal(
        client.views_open, trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"), view=modal("t" * 25)
    )

    assert refused["error"] == "invalid_arguments"
    assert refused["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_a_modal_of_101_blocks_is_refused(sandbox: Sandbox, client: WebClient) -> None:
    refused = refusal(
        client.views_open,
        trigger_id=sandbox.trigger_id("T_ACME", "U_CEO"),
        view=modal(blocks=[section("b")] * 101),
    )

    assert refused["response_metadata"]["messages"] == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"
    ]


# --- the rules one by one -----------------------------------------------------------------------

MESSAGE_LIMITS = [
    # (name, blocks at the limit, blocks one past it, pointer of the refusal)
    (
        "header text",
        [{"type": "header", "text": text("plain_text", "h" * 150)}],
        [{"type": "header", "text": text("plain_text", "h" * 151)}],
        "/blocks/0/text/text",
    ),
    (
        "section fields",
        [{"type": "section", "fields": [text("mrkdwn", "f")] * 10}],
        [{"type": "section", "fields": [text("mrkdwn", "f")] * 11}],
        "/blocks/0/fields",
    ),
    (
        "section field text",
        [{"type": "section", "fields": [text("mrkdwn", "f" * 2000)]}],
        [{"type": "section", "fields": [text("mrkdwn", "f" * 2001)]}],
        "/blocks/0/fields/0/text",
    ),
    (
        "context elements",
        [{"type": "context", "elements": [text("mrkdwn", "c")] * 10}],
        [{"type": "context", "elements": [text("mrkdwn", "c")] * 11}],
        "/blocks/0/elements",
    ),
    (
        "actions elements",
        [{"type": "actions", "elements": [button(action_id=f"b{n}") for n in range(25)]}],
        [{"type": "actions", "elements": [button(action_id=f"b{n}") for n in range(26)]}],
        "/blocks/0/elements",
    ),
    (
        "button text",
        [{"type": "actions", "elements": [button(label="b" * 75)]}],
        [{"type": "actions", "elements": [button(label="b" * 76)]}],
        "/blocks/0/elements/0/text/text",
    ),
    (
        "button value",
        [{"type": "actions", "elements": [button(value="v" * 2000)]}],
        [{"type": "actions", "elements": [button(value="v" * 2001)]}],
        "/blocks/0/elements/0/value",
    ),
    (
        "option text",
        [{"type": "actions", "elements": [select([option(label="o" * 75)])]}],
        [{"type": "actions", "elements": [select([option(label="o" * 76)])]}],
        "/blocks/0/elements/0/options/0/text/text",
    ),
    (
        "option value",
        [{"type": "actions", "elements": [select([option(value="v" * 150)])]}],
        [{"type": "actions", "elements": [select([option(value="v" * 151)])]}],
        "/blocks/0/elements/0/options/0/value",
    ),
    (
        "options in a select",
        [{"type": "actions", "elements": [select([option(value=f"o{n}") for n in range(100)])]}],
        [{"type": "actions", "elements": [select([option(value=f"o{n}") for n in range(101)])]}],
        "/blocks/0/elements/0/options",
    ),
    (
        "block_id",
        [{**section("s"), "block_id": "b" * 255}],
        [{**section("s"), "block_id": "b" * 256}],
        "/blocks/0/block_id",
    ),
    (
        "action_id",
        [{"type": "actions", "elements": [button(action_id="a" * 255)]}],
        [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
        "/blocks/0/elements/0/action_id",
    ),
    (
        "input label",
        [text_input()],
        [{**text_input(), "label": text("plain_text", "l" * 2001)}],
        "/blocks/0/label/text",
    ),
    (
        "plain_text_input max_length",
        [text_input(max_length=3000)],
        [text_input(max_length=3001)],
        "/blocks/0/element/max_length",
    ),
]


@pytest.mark.parametrize(
    ("at_limit", "past_limit", "pointer"), [m[1:] for m in MESSAGE_LIMITS], ids=[m[0] for m in MESSAGE_LIMITS]
)
def test_message_limits(at_limit: list, past_limit: list, pointer: str) -> None:
    assert message_problems(at_limit) == []

    [problem] = message_problems(past_limit)
    assert problem.startswith("[ERROR] ") and problem.endswith(f"[json-pointer:{pointer}]")


VIEW_LIMITS = [
    (
        "submit text",
        modal(submit=text("plain_text", "s" * 24)),
        modal(submit=text("plain_text", "s" * 25)),
        "/view/submit/text",
    ),
    (
        "close text",
        modal(close=text("plain_text", "c" * 24)),
        modal(close=text("plain_text", "c" * 25)),
        "/view/close/text",
    ),
    (
        "private_metadata",
        modal(private_metadata="m" * 3000),
        modal(private_metadata="m" * 3001),
        "/view/private_metadata",
    ),
    ("callback_id", modal(callback_id="c" * 255), modal(callback_id="c" * 256), "/view/callback_id"),
]


@pytest.mark.parametrize(
    ("at_limit", "past_limit", "pointer"), [v[1:] for v in VIEW_LIMITS], ids=[v[0] for v in VIEW_LIMITS]
)
def test_view_limits(at_limit: dict, past_limit: dict, pointer: str) -> None:
    assert view_problems(at_limit) == []

    [problem] = view_problems(past_limit)
    assert problem.endswith(f"[json-pointer:{pointer}]")


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ([{"type": "section", "text": "a bare string"}], "must be an object [json-pointer:/blocks/0/text]"),
        (
            [{"type": "header", "text": text("mrkdwn", "h")}],
            "must be one of: plain_text [json-pointer:/blocks/0/text/type]",
        ),
        ([{"type": "carousel-of-doom"}], "must be a valid block type [json-pointer:/blocks/0/type]"),
        ([{"type": "section"}], "must provide either text or fields [json-pointer:/blocks/0]"),
        ([{"type": "actions", "elements": [button(), button()]}], "must be unique within the block"),
        ([{"type": "image", "image_url": "https://x.test/a.png"}], "alt_text"),  # slack-sdk's own rule
    ],
)
def test_malformed_blocks_are_named(blocks: list, expected: str) -> None:
    [problem] = message_problems(blocks)

    assert expected in problem


def test_a_modal_with_inputs_needs_a_submit_button() -> None:
    assert view_problems(modal(blocks=[text_input()])) == [
        "[ERROR] must provide submit when the view contains input blocks [json-pointer:/view]"
    ]
    assert view_problems(modal(blocks=[text_input()], submit=text("plain_text", "Send"))) == []


def test_an_initial_option_must_be_one_of_the_options() -> None:
    element = {**select([option(value="yes")]), "initial_option": option(value="maybe")}

    [problem] = message_problems([{"type": "actions", "elements": [element]}])

    assert problem.endswith("[json-pointer:/blocks/0/elements/0/initial_option]")
