"""Slack's side of Socket Mode: single-use connection tickets from apps.connections.open, the app's open
WebSocket connections, and envelopes sent over them with the app's acknowledgements awaited.

Connections live on the server's event loop; `deliver()` is called from other threads and hands the
exchange to that loop. WebSocket pings are answered by the protocol layer itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.model import Delivery, JsonDict
from bot.sandbox.state import Workspace

logger = logging.getLogger(__name__)

ACK_TIMEOUT_SECONDS = 3.0


@dataclass
class _Connection:
    websocket: WebSocket
    loop: asyncio.AbstractEventLoop
    pending: dict[str, asyncio.Future[JsonDict]] = field(default_factory=dict)
    retiring: bool = False  # asked to reconnect: no new envelopes go its way

    async def exchange(self, envelope: JsonDict, timeout: float) -> JsonDict | None:
        """Send an envelope and wait for the app's ack with the same envelope_id (None if none came)."""
        waiter: asyncio.Future[JsonDict] = self.loop.create_future()
        self.pending[envelope["envelope_id"]] = waiter
        try:
            await self.websocket.send_text(json.dumps(envelope))
            return await asyncio.wait_for(waiter, timeout)
        except (TimeoutError, WebSocketDisconnect, RuntimeError):
            return None
        finally:
            self.pending.pop(envelope["envelope_id"], None)

    def take_ack(self, message: JsonDict) -> None:
        waiter = self.pending.get(str(message.get("envelope_id")))
        if waiter is not None and not waiter.done():
            waiter.set_result(message)


class SocketLink:
    def __init__(self, workspace: Workspace, ack_timeout: float = ACK_TIMEOUT_SECONDS) -> None:
        self.workspace = workspace
        self.ack_timeout = ack_timeout
        self.ws_base_url = ""  # set once the server has a port
        self._tickets: set[str] = set()
        self._connections: list[_Connection] = []
        self._turn = itertools.count()

    def _serving(self) -> list[_Connection]:
        return [connection for connection in self._connections if not connection.retiring]

    @property
    def connection_count(self) -> int:
        """Connections taking envelopes (not those asked to reconnect)."""
        with self.workspace.lock:
            return len(self._serving())

    def issue_url(self) -> str:
        ticket = uuid.uuid4().hex
        with self.workspace.lock:
            self._tickets.add(ticket)
        return f"{self.ws_base_url}/link/?ticket={ticket}"

    async def serve(self, websocket: WebSocket) -> None:
        """One app connection, from handshake to close."""
        ticket = websocket.query_params.get("ticket", "")
        with self.workspace.lock:
            valid = ticket in self._tickets
            self._tickets.discard(ticket)
        if not valid:
            await websocket.close(code=1008)
            return
        await websocket.accept()
        connection = _Connection(websocket, asyncio.get_running_loop())
        with self.workspace.lock:
            count = len(self._connections) + 1
        try:
            # Registered only once greeted, so no envelope can overtake the hello.
            await websocket.send_text(json.dumps(self._hello(count)))
            with self.workspace.changing():
                self._connections.append(connection)
            while True:
                text = await websocket.receive_text()
                try:
                    message = json.loads(text)
                except json.JSONDecodeError:
                    logger.warning("The app sent a frame that is not JSON: %.200s", text)
                    continue
                if isinstance(message, dict):
                    connection.take_ack(message)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            with self.workspace.changing():
                if connection in self._connections:
                    self._connections.remove(connection)

    def _hello(self, count: int) -> JsonDict:
        return {
            "type": "hello",
            "num_connections": count,
            "debug_info": {
                "host": "applink-sandbox",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.workspace.app_id},
        }

    def _pick_connection(self, wait_seconds: float) -> _Connection:
        connected = self.workspace.wait_for(lambda: bool(self._serving()), wait_seconds)
        if not connected:
            raise SandboxMisuse(
                "No app is connected to the sandbox over Socket Mode.",
                "Start the app's SocketModeHandler with the sandbox's app token, or call connect_http(url).",
            )
        with self.workspace.lock:
            serving = self._serving()
            return serving[next(self._turn) % len(serving)]

    def deliver(
        self,
        kind: str,
        payload: JsonDict,
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
        wait_for_app: float = 5.0,
    ) -> Delivery:
        connection = self._pick_connection(wait_for_app)
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        started = time.monotonic()
        exchange = asyncio.run_coroutine_threadsafe(
            connection.exchange(envelope, self.ack_timeout), connection.loop
        )
        try:
            ack = exchange.result(self.ack_timeout + 1.0)
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
            ack = None
        latency = time.monotonic() - started
        return Delivery(
            kind=kind,
            transport="socket_mode",
            acknowledged=ack is not None,
            latency=latency,
            response=ack.get("payload") if ack else None,
            payload=payload,
        )

    def close_all(self) -> None:
        """Close every app connection from Slack's side (a client without auto-reconnect then stops)."""
        with self.workspace.lock:
            connections = list(self._connections)
        closing = [
            asyncio.run_coroutine_threadsafe(c.websocket.close(code=1000), c.loop) for c in connections
        ]
        for future in closing:
            with contextlib.suppress(RuntimeError, concurrent.futures.TimeoutError):  # the app closed first
                future.result(ACK_TIMEOUT_SECONDS)
        self.workspace.wait_for(lambda: not self._connections, ACK_TIMEOUT_SECONDS)

    def disconnect_all(self, reason: str = "refresh_requested") -> None:
        """Ask every connected app to reconnect, as Slack does every few hours."""
        with self.workspace.changing():
            connections = self._serving()
            for connection in connections:
                connection.retiring = True
        message = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-sandbox"}}
        )
        for connection in connections:
            asyncio.run_coroutine_threadsafe(connection.websocket.send_text(message), connection.loop)
