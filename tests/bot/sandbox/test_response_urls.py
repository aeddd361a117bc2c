"""response_urls: reply privately or in the channel, replace or delete the original; five uses within
30 minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.sandbox import Sandbox

if TYPE_CHECKING:
    from .conftest import RecordingApp

VOTE = {"type": "button", "action_id": "vote", "text": {"type": "plain_text", "text": "Vote"}, "value": "yes"}


@pytest.fixture
def clicked(sandbox: Sandbox, client: WebClient, http_app: RecordingApp) -> tuple[str, WebhookClient]:
    """The CTO clicked Vote under a message in #leadership; the app holds the click's response_url."""
    ts = client.chat_postMessage(
        channel="C_LEAD", text="Vote?", blocks=[{"type": "actions", "elements": [VOTE]}]
    )["ts"]
    sandbox.user("T_ACME", "U_CTO").click("vote", in_message=("C_LEAD", ts))
    return ts, WebhookClient(http_app.received[-1].payload["response_url"])


def test_replace_original_rewrites_the_message(sandbox: Sandbox, clicked: tuple[str, WebhookClient]) -> None:
    ts, respond = clicked

    assert respond.send(text="Thanks, vote counted", replace_original=True).status_code == 200

    [message] = sandbox.messages("C_LEAD")
    assert message.ts == ts and message.readable_text() == "Thanks, vote counted"
    assert message.history[0].text == "Vote?"


def test_delete_original_removes_the_message(sandbox: Sandbox, clicked: tuple[str, WebhookClient]) -> None:
    _, respond = clicked

    respond.send(delete_original=True)

    assert sandbox.messages("C_LEAD") == []


def test_a_plain_response_is_ephemeral_to_the_person_who_clicked(
    sandbox: Sandbox, clicked: tuple[str, WebhookClient]
) -> None:
    _, respond = clicked

    respond.send(text="Only the CTO sees this")

    assert [e.text for e in sandbox.ephemerals("U_CTO", "C_LEAD")] == ["Only the CTO sees this"]
    assert len(sandbox.messages("C_LEAD")) == 1


def test_in_channel_posts_a_new_message(sandbox: Sandbox, clicked: tuple[str, WebhookClient]) -> None:
    _, respond = clicked

    respond.send(text="The CTO voted", response_type="in_channel")

    assert [m.text for m in sandbox.messages("C_LEAD")] == ["Vote?", "The CTO voted"]


def test_a_response_url_expires_after_30_minutes(
    sandbox: Sandbox, clicked: tuple[str, WebhookClient]
) -> None:
    _, respond = clicked
    sandbox.clock.advance(30 * 60 + 1)

    answer = respond.send(text="too late")

    assert answer.status_code == 404 and "expired_url" in answer.body
    assert sandbox.ephemerals("U_CTO") == []


def test_a_response_url_works_five_times(sandbox: Sandbox, clicked: tuple[str, WebhookClient]) -> None:
    _, respond = clicked

    statuses = [respond.send(text=f"update {n}").status_code for n in range(6)]

    assert statuses == [200] * 5 + [404]
    assert len(sandbox.ephemerals("U_CTO")) == 5


def test_a_refused_response_says_why(sandbox: Sandbox, clicked: tuple[str, WebhookClient]) -> None:
    _, respond = clicked

    answer = respond.send(text="x" * 40_001)

    assert answer.status_code == 400 and "msg_too_long" in answer.body
    assert sandbox.calls_to("response_url")[-1].response["error"] == "msg_too_long"


def test_a_slash_commands_response_url_answers_in_its_channel(
    sandbox: Sandbox, http_app: RecordingApp
) -> None:
    sandbox.user("T_ACME", "U_CEO").slash("/hiring", "status", channel="C_LEAD")

    WebhookClient(http_app.received[0].form["response_url"]).send(text="No workshops running")

    assert [e.text for e in sandbox.ephemerals("U_CEO", "C_LEAD")] == ["No workshops running"]


def test_replacing_an_ephemeral_from_its_own_button(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    blocks = [{"type": "actions", "elements": [VOTE]}]
    ts = client.chat_postEphemeral(channel="C_LEAD", user="U_CFO", text="Vote?", blocks=blocks)["message_ts"]
    sandbox.user("T_ACME", "U_CFO").click("vote", in_ephemeral=("C_LEAD", ts))

    WebhookClient(http_app.received[0].payload["response_url"]).send(text="Voted", replace_original=True)

    [ephemeral] = sandbox.ephemerals("U_CFO")
    assert ephemeral.ts == ts and ephemeral.readable_text() == "Voted"
