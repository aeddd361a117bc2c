"""What every HTTP request must be before the bot reads it: a body of at most MAX_BODY_BYTES, sent
within HTTP_READ_TIMEOUT_SECONDS of its headers.

A body declared too large by its Content-Length is refused (413) before a byte of it is read; one
that turns out too large while streaming is refused as soon as it passes the limit; one that stops
arriving is refused (408). Each refusal closes the connection, so the rest is never read: uvicorn
stops reading a request whose body nobody takes (its flow control pauses the socket), and the
server's memory stays at most one limit's worth per request. A client that goes away mid-body
(`ClientDisconnect`) is not an error of the bot's. All of these are a stranger's doing, so they are
logged at DEBUG in one line, without a traceback.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(Exception):
    pass


class BoundedRequests:
    """ASGI middleware; install it inside Starlette's error middleware (`Starlette(middleware=...)`),
    so the refusals it raises from `receive` come back to it rather than becoming 500s."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = f"{scope['method']} {scope['path']}"
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            log.debug(
                "Refused %s: Content-Length %d is over the %d-byte limit",
                where,
                declared,
                self.max_body_bytes,
            )
            await _refuse(send, 413, "request body too large")
            return
        bounded = _BoundedReceive(receive, self.max_body_bytes, self.read_timeout)
        responded = False

        async def tracking_send(message: Message) -> None:
            nonlocal responded
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded, tracking_send)
        except BodyTooLarge:
            log.debug("Refused %s: the body went past the %d-byte limit", where, self.max_body_bytes)
            if not responded:
                await _refuse(send, 413, "request body too large")
        except BodyTooSlow:
            log.debug("Dropped %s: the body did not arrive within %.0f s", where, self.read_timeout)
            if not responded:
                await _refuse(send, 408, "request body not received in time")
        except ClientDisconnect:
            log.debug("The client of %s went away before sending its whole body", where)


class _BoundedReceive:
    def __init__(self, receive: Receive, limit: int, timeout: float) -> None:
        self._receive, self._limit = receive, limit
        self._deadline = asyncio.get_running_loop().time() + timeout
        self._received = 0
        self._complete = False

    async def __call__(self) -> Message:
        if self._complete:  # the body is in: what comes next is only a disconnect, whenever it comes
            return await self._receive()
        remaining = self._deadline - asyncio.get_running_loop().time()
        try:
            message = await asyncio.wait_for(self._receive(), timeout=max(remaining, 0.001))
        except TimeoutError:
            raise BodyTooSlow() from None
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                raise BodyTooLarge()
            self._complete = not message.get("more_body", False)
        return message


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # h11 refuses a malformed one before it gets here
    return None


async def _refuse(send: Send, status: int, reason: str) -> None:
    body = f'{{"error": "{reason}"}}'.encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        # Closing is what keeps the rest of the body from being read.
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
