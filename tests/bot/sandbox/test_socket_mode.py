"""Socket Mode with slack-sdk's builtin client and with Bolt's SocketModeHandler."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bot.sandbox import Sandbox
from bot.sandbox.shutdown import close_builtin_client

if TYPE_CHECKING:
    from .conftest import SocketApp


def test_the_app_is_greeted_with_hello(sandbox: Sandbox, socket_app: SocketApp) -> None:
    assert socket_app.greeted.wait(timeout=2)

    [hello] = [m for m in socket_app.messages if m.get("type") == "hello"]
    assert hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": sandbox.app_id}
    assert "debug_info" in hello


def test_a_slash_command_round_trip(sandbox: Sandbox, socket_app: SocketApp) -> None:
    socket_app.ack_payload = {"text": "Starting a workshop..."}

    delivery = sandbox.user("T_ACME", "U_CEO").slash("/hiring", "start", channel="C_LEAD")

    [request] = socket_app.requests
    assert request.type == "slash_commands"
    assert (request.payload["command"], request.payload["user_id"]) == ("/hiring", "U_CEO")
    assert delivery.acknowledged and delivery.transport == "socket_mode" and 0 < delivery.latency < 3
    assert delivery.response == {"text": "Starting a workshop..."}
    assert [e.text for e in sandbox.ephemerals("U_CEO", "C_LEAD")] == ["Starting a workshop..."]


def test_interactivity_and_events_use_their_envelope_types(
    sandbox: Sandbox, client: WebClient, socket_app: SocketApp
) -> None:
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    ts = client.chat_postMessage(
        channel="C_LEAD", text="Go?", blocks=[{"type": "actions", "elements": [button]}]
    )["ts"]
    ceo = sandbox.user("T_ACME", "U_CEO")

    ceo.click("go", in_message=("C_LEAD", ts))
    ceo.open_home()

    assert [(r.type, r.payload["type"]) for r in socket_app.requests] == [
        ("interactive", "block_actions"),
        ("events_api", "event_callback"),
    ]


def test_an_unacknowledged_envelope_times_out() -> None:
    with Sandbox(ack_timeout=0.2) as slack:
        slack.add_team("T_ACME")
        slack.add_user("T_ACME", "U_CEO")
        silent = SocketModeClient(
            slack.app_token(), web_client=WebClient(base_url=slack.api_url), auto_reconnect_enabled=False
        )
        silent.connect()  # no listener: the app never acknowledges
        try:
            delivery = slack.user("T_ACME", "U_CEO").slash("/hiring")
        finally:
            close_builtin_client(slack, silent)

    assert not delivery.acknowledged and delivery.latency >= 0.2
    assert slack.ephemerals("U_CEO") == []


def test_a_connection_needs_a_ticket_from_apps_connections_open(sandbox: Sandbox) -> None:
    with (
        pytest.raises(InvalidStatus),
        connect(f"ws://127.0.0.1:{sandbox.base_url.rsplit(':', 1)[1]}/link/?ticket=x"),
    ):
        pass


def test_pings_are_answered_and_tickets_work_once(sandbox: Sandbox) -> None:
    url = WebClient(token=sandbox.app_token(), base_url=sandbox.api_url).apps_connections_open(
        app_token=sandbox.app_token()
    )["url"]

    with connect(url) as link:
        assert link.recv(timeout=2).startswith('{"type": "hello"')
        assert link.ping().wait(timeout=2)
    with pytest.raises(InvalidStatus), connect(url):
        pass


def test_a_bolt_app_over_socket_mode(sandbox: Sandbox) -> None:
    app = App(
        client=WebClient(token=sandbox.bot_token("T_ACME"), base_url=sandbox.api_url),
        signing_secret=sandbox.signing_secret,
        logger=logging.getLogger("bolt-under-test"),
    )

    @app.command("/hiring")
    def start(ack: Ack, respond: Respond, command: dict, client: WebClient) -> None:
        ack()
        client.chat_postMessage(
            channel=command["channel_id"], text=f"{command['user_name']} started a workshop"
        )
        respond("Check your DMs")

    handler = SocketModeHandler(app, sandbox.app_token(), auto_reconnect_enabled=False)
    handler.connect()
    try:
        delivery = sandbox.user("T_ACME", "U_CEO").slash("/hiring", "start", channel="C_LEAD")
        sandbox.wait_for(lambda: sandbox.messages("C_LEAD") and sandbox.ephemerals("U_CEO"))
    finally:
        close_builtin_client(sandbox, handler.client)

    assert delivery.acknowledged
    assert sandbox.messages("C_LEAD")[0].text == "ada.lovelace started a workshop"
    assert sandbox.ephemerals("U_CEO")[0].text == "Check your DMs"


def test_slack_can_ask_the_app_to_reconnect(sandbox: Sandbox) -> None:
    app_client = WebClient(token=sandbox.app_token(), base_url=sandbox.api_url)

    with connect(app_client.apps_connections_open(app_token=sandbox.app_token())["url"]) as link:
        link.recv(timeout=2)  # hello
        sandbox.wait_for(lambda: sandbox.socket_mode_connections == 1)
        sandbox.refresh_socket_mode()

        assert json.loads(link.recv(timeout=2))["type"] == "disconnect"
        assert sandbox.socket_mode_connections == 0  # no more envelopes for a connection on its way out
