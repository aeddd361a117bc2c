"""Starting and stopping the server, and waiting on the sandbox without sleeping."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Clock, Sandbox, SandboxMisuse


def test_start_and_stop_are_quick_and_free_the_port() -> None:
    started = time.monotonic()
    slack = Sandbox().start()
    port = int(slack.base_url.rsplit(":", 1)[1])
    assert slack.api_url == f"http://127.0.0.1:{port}/api/"
    with pytest.raises(SlackApiError, match="not_authed"):  # it answers as soon as start() returns
        WebClient(base_url=slack.api_url).auth_test()

    slack.stop()

    assert time.monotonic() - started < 1.0
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass


def test_urls_need_a_running_sandbox() -> None:
    with pytest.raises(SandboxMisuse, match="not running"):
        _ = Sandbox().api_url


def test_wait_for_wakes_as_soon_as_something_changes(sandbox: Sandbox, client: WebClient) -> None:
    poster = threading.Timer(0.05, lambda: client.chat_postMessage(channel="C_LEAD", text="late news"))
    started = time.monotonic()
    poster.start()

    [message] = sandbox.wait_for(lambda: sandbox.messages("C_LEAD"), timeout=5)

    assert message.text == "late news"
    assert time.monotonic() - started < 1.0
    poster.join()


def test_wait_for_times_out_with_what_happened_recently(sandbox: Sandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C_NOWHERE", text="lost")

    with pytest.raises(TimeoutError) as timed_out:
        sandbox.wait_for(lambda: sandbox.messages("C_LEAD"), timeout=0.1)

    assert "within 0.1 s" in str(timed_out.value)
    assert "chat.postMessage -> 200 channel_not_found" in str(timed_out.value)


def test_the_clock_only_moves_forward() -> None:
    clock = Clock(start=100, frozen=True)
    clock.advance(5)

    assert clock.now() == 105
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(-1)


def test_everything_shown_includes_edited_deleted_and_private_content(
    sandbox: Sandbox, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="draft: Ada 7/10")["ts"]
    client.chat_update(channel="C_LEAD", ts=ts, text="final")
    client.chat_postEphemeral(channel="C_LEAD", user="U_CTO", text="your score: 4")
    client.views_publish(user_id="U_CFO", view={"type": "home", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Hidden answers"}}]})  # fmt: skip

    shown = sandbox.everything_shown()

    assert {"draft: Ada 7/10", "final", "your score: 4", "Hidden answers"} <= set(shown)


def test_a_user_id_in_two_workspaces_needs_a_team(sandbox: Sandbox) -> None:
    sandbox.add_team("T_TWIN")
    sandbox.add_user("T_TWIN", "U_CEO", real_name="Other Ceo")

    with pytest.raises(SandboxMisuse, match="T_ACME, T_TWIN"):
        sandbox.dm("U_CEO")
    assert sandbox.dm("U_CEO", team_id="T_TWIN") == []


def test_setting_up_people_checks_what_slack_would(sandbox: Sandbox) -> None:
    with pytest.raises(SandboxMisuse, match="Unknown time zone 'Mars/Olympus'"):
        sandbox.add_user("T_ACME", "U_MARTIAN", tz="Mars/Olympus")
    with pytest.raises(SandboxMisuse, match="already exists"):
        sandbox.add_user("T_ACME", "U_CEO")
    with pytest.raises(SandboxMisuse, match="No user 'U_GHOST'"):
        sandbox.add_channel("T_ACME", "ghosts", members=["U_GHOST"])
    with pytest.raises(SandboxMisuse, match="No team 'T_NONE'"):
        sandbox.user("T_NONE", "U_CEO")
