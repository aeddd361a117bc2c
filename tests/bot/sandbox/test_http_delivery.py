"""Deliveries over HTTP: signed like Slack's, encoded like Slack's, and the acknowledgement acted on."""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from starlette.responses import PlainTextResponse, Response

from bot.sandbox import Sandbox
from bot.sandbox.transport import INTERACTIVE, HttpTransport

if TYPE_CHECKING:
    from .conftest import RecordingApp


def test_a_slash_command_arrives_signed_as_a_form(sandbox: Sandbox, http_app: RecordingApp) -> None:
    delivery = sandbox.user("T_ACME", "U_CEO").slash("/hiring", "start senior-engineer", channel="C_LEAD")

    [received] = http_app.received
    assert received.signature_valid
    assert not SignatureVerifier("another-secret").is_valid_request(received.body, received.headers)
    assert received.content_type == "application/x-www-form-urlencoded"
    form = received.form
    assert (form["command"], form["text"]) == ("/hiring", "start senior-engineer")
    assert (form["team_id"], form["channel_id"], form["user_id"]) == ("T_ACME", "C_LEAD", "U_CEO")
    assert form["response_url"].startswith(sandbox.base_url + "/response/")
    assert form["trigger_id"] and form["api_app_id"] == sandbox.app_id
    assert delivery.acknowledged and delivery.status == 200 and delivery.transport == "http"
    assert 0 < delivery.latency < 3
    assert sandbox.deliveries == [delivery]


def test_the_signature_is_hmac_sha256_of_version_timestamp_and_body(
    sandbox: Sandbox, http_app: RecordingApp
) -> None:
    sandbox.user("T_ACME", "U_CEO").slash("/hiring", channel="C_LEAD")
    [received] = http_app.received

    verifier = SignatureVerifier(sandbox.signing_secret)
    expected = verifier.generate_signature(
        timestamp=received.headers["x-slack-request-timestamp"], body=received.body
    )

    assert received.headers["x-slack-signature"] == expected


def test_a_slash_reply_in_channel_is_posted_by_the_bot(sandbox: Sandbox, http_app: RecordingApp) -> None:
    http_app.reply_json({"response_type": "in_channel", "text": "Workshop started"})

    sandbox.user("T_ACME", "U_CEO").slash("/hiring", "start", channel="C_LEAD")

    [message] = sandbox.messages("C_LEAD")
    assert message.text == "Workshop started"
    assert message.bot_id == sandbox.workspace.teams["T_ACME"].bot_id


def test_a_plain_text_slash_reply_is_shown_only_to_the_person(
    sandbox: Sandbox, http_app: RecordingApp
) -> None:
    http_app.answer = lambda received: PlainTextResponse("Only you can see this")

    sandbox.user("T_ACME", "U_CTO").slash("/hiring", "help", channel="C_LEAD")

    assert [e.text for e in sandbox.ephemerals("U_CTO", "C_LEAD")] == ["Only you can see this"]
    assert sandbox.messages("C_LEAD") == []


def test_a_slash_reply_slack_would_refuse_is_reported_not_posted(
    sandbox: Sandbox, http_app: RecordingApp
) -> None:
    http_app.reply_json({"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]})

    delivery = sandbox.user("T_ACME", "U_CEO").slash("/hiring", channel="C_LEAD")

    assert delivery.ack_problems[0] == "invalid_blocks"
    assert sandbox.ephemerals("U_CEO") == []


def test_an_app_error_is_not_an_acknowledgement(sandbox: Sandbox, http_app: RecordingApp) -> None:
    http_app.answer = lambda received: Response("boom", status_code=500)

    delivery = sandbox.user("T_ACME", "U_CEO").slash("/hiring", channel="C_LEAD")

    assert not delivery.acknowledged and delivery.status == 500


def test_a_button_click_arrives_as_a_payload_field(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    button = {
        "type": "button",
        "action_id": "join",
        "text": {"type": "plain_text", "text": "Join"},
        "value": "w-7",
    }
    ts = client.chat_postMessage(
        channel="C_LEAD", text="Join?", blocks=[{"type": "actions", "elements": [button]}]
    )["ts"]

    sandbox.user("T_ACME", "U_CTO").click("join", in_message=("C_LEAD", ts))

    [received] = http_app.received
    assert received.content_type == "application/x-www-form-urlencoded" and received.signature_valid
    payload = received.payload
    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == "U_CTO" and payload["team"]["id"] == "T_ACME"
    assert payload["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": "C_LEAD",
        "is_ephemeral": False,
    }
    assert payload["message"]["ts"] == ts and payload["channel"]["id"] == "C_LEAD"
    [action] = payload["actions"]
    assert (action["action_id"], action["value"], action["type"]) == ("join", "w-7", "button")
    assert action["block_id"] == sandbox.messages("C_LEAD")[0].blocks[0]["block_id"]
    assert client.views_open(trigger_id=payload["trigger_id"], view=_tiny_modal())["ok"]


def test_events_arrive_as_json_event_callbacks(sandbox: Sandbox, http_app: RecordingApp) -> None:
    sandbox.user("T_ACME", "U_CFO").open_home()

    [received] = http_app.received
    assert received.content_type == "application/json" and received.signature_valid
    envelope = received.payload
    assert envelope["type"] == "event_callback" and envelope["team_id"] == "T_ACME"
    assert envelope["api_app_id"] == sandbox.app_id
    assert envelope["event_id"].startswith("Ev") and isinstance(envelope["event_time"], int)
    assert envelope["authorizations"][0]["user_id"] == sandbox.workspace.teams["T_ACME"].bot_user_id
    event = envelope["event"]
    assert (event["type"], event["user"], event["tab"]) == ("app_home_opened", "U_CFO", "home")
    assert event["channel"].startswith("D")


def test_a_retried_event_says_so_in_its_headers(sandbox: Sandbox, http_app: RecordingApp) -> None:
    event = {"type": "app_home_opened", "user": "U_CEO", "tab": "home"}

    sandbox.send_event("T_ACME", event, retry_attempt=2, retry_reason="http_timeout")

    headers = http_app.received[0].headers
    assert (headers["x-slack-retry-num"], headers["x-slack-retry-reason"]) == ("2", "http_timeout")


def test_a_person_speaking_in_the_dm_is_a_message_event(sandbox: Sandbox, http_app: RecordingApp) -> None:
    sandbox.user("T_ACME", "U_CEO").say("What happens next?")

    event = http_app.received[0].payload["event"]
    assert (event["type"], event["channel_type"], event["text"]) == ("message", "im", "What happens next?")
    assert [m.text for m in sandbox.dm("U_CEO")] == ["What happens next?"]


def _tiny_modal() -> dict:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Join"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Welcome"}}],
    }


def test_an_answer_cut_short_is_not_an_acknowledgement() -> None:
    """An instance killed while it answers sends its headers and closes before the body ends."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_then_die() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
            connection.sendall(head + b"{")

    dying = threading.Thread(target=answer_then_die)
    dying.start()
    port = listener.getsockname()[1]
    transport = HttpTransport(f"http://127.0.0.1:{port}/slack/events", "secret")

    delivery = transport.deliver(INTERACTIVE, {"type": "block_actions"}, accepts_response_payload=True)

    dying.join()
    listener.close()
    assert not delivery.acknowledged and delivery.status is None
