"""Fixtures for the sandbox's own tests: a running sandbox with one small workspace, slack-sdk clients
pointed at it, and apps on the other end (a recording HTTP app, a builtin Socket Mode client)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.sandbox import Clock, Sandbox
from bot.sandbox.server import BackgroundServer
from bot.sandbox.shutdown import close_builtin_client

NOVEMBER_2023 = 1_700_000_000  # London on GMT, New York on EST


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """Acme: three leaders in #leadership with the bot, and #random without it."""
    with Sandbox(clock=Clock(start=NOVEMBER_2023)) as slack:
        slack.add_team("T_ACME", name="Acme")
        slack.add_user("T_ACME", "U_CEO", real_name="Ada Lovelace", tz="Europe/London", is_admin=True)
        slack.add_user("T_ACME", "U_CTO", real_name="Grace Hopper", tz="America/New_York")
        slack.add_user("T_ACME", "U_CFO", real_name="Mary Somerville", email="mary@acme.test")
        slack.add_channel("T_ACME", "leadership", channel_id="C_LEAD", members=["U_CEO", "U_CTO", "U_CFO"])
        slack.add_channel("T_ACME", "random", channel_id="C_RANDOM", members=["U_CEO"], bot_is_member=False)
        yield slack


@pytest.fixture
def client(sandbox: Sandbox) -> WebClient:
    return WebClient(token=sandbox.bot_token("T_ACME"), base_url=sandbox.api_url)


@pytest.fixture
def globex(sandbox: Sandbox) -> WebClient:
    """A second workspace with the same app installed, for cross-workspace checks."""
    sandbox.add_team("T_GLOBEX", name="Globex")
    sandbox.add_user("T_GLOBEX", "U_HANK", real_name="Hank Scorpio")
    sandbox.add_channel("T_GLOBEX", "board", channel_id="C_BOARD", members=["U_HANK"])
    return WebClient(token=sandbox.bot_token("T_GLOBEX"), base_url=sandbox.api_url)


@dataclass(frozen=True)
class Received:
    """One request as the app got it."""

    headers: dict[str, str]
    body: bytes
    signature_valid: bool

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))

    @property
    def payload(self) -> dict[str, Any]:
        """The JSON payload, whichever way Slack wrapped it."""
        if self.content_type.startswith("application/json"):
            return json.loads(self.body)
        form = self.form
        return json.loads(form["payload"]) if "payload" in form else form


Answer = Callable[[Received], Response]


@dataclass
class RecordingApp:
    """An app behind a request URL: checks Slack's signature, keeps what arrived, answers as told."""

    verifier: SignatureVerifier
    received: list[Received] = field(default_factory=list)
    answer: Answer = lambda received: Response(status_code=200)

    def reply_json(self, body: dict[str, Any]) -> None:
        self.answer = lambda received: JSONResponse(body)

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        headers = dict(request.headers)
        received = Received(headers, body, self.verifier.is_valid_request(body, headers))
        self.received.append(received)
        if not received.signature_valid:
            return Response("invalid signature", status_code=401)
        return self.answer(received)


@pytest.fixture
def http_app(sandbox: Sandbox) -> Iterator[RecordingApp]:
    app = RecordingApp(SignatureVerifier(sandbox.signing_secret))
    server = BackgroundServer(Starlette(routes=[Route("/slack/events", app.endpoint, methods=["POST"])]))
    server.start()
    sandbox.connect_http(f"http://127.0.0.1:{server.port}/slack/events")
    yield app
    server.stop()


@dataclass
class SocketApp:
    """slack-sdk's builtin Socket Mode client, acknowledging each request with `ack_payload`."""

    client: SocketModeClient
    requests: list[SocketModeRequest] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    ack_payload: dict[str, Any] | None = None
    greeted: threading.Event = field(default_factory=threading.Event)

    def on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        self.requests.append(request)
        response = SocketModeResponse(envelope_id=request.envelope_id, payload=self.ack_payload)
        client.send_socket_mode_response(response)

    def on_message(self, client: Any, message: dict[str, Any], raw: str | None) -> None:
        self.messages.append(message)
        if message.get("type") == "hello":
            self.greeted.set()


@pytest.fixture
def socket_app(sandbox: Sandbox) -> Iterator[SocketApp]:
    client = SocketModeClient(
        app_token=sandbox.app_token(),
        web_client=WebClient(base_url=sandbox.api_url),
        auto_reconnect_enabled=False,
    )
    app = SocketApp(client)
    client.socket_mode_request_listeners.append(app.on_request)
    client.message_listeners.append(app.on_message)
    client.connect()
    sandbox.wait_for(lambda: sandbox.socket_mode_connections == 1)
    yield app
    close_builtin_client(sandbox, client)
