"""Requests to the bot's `/slack/events` made by hand, signed or not, and what it answered."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.sandbox import sign
from bot.sandbox.model import JsonDict
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS

# Loopback needs no proxy, whatever the environment says.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # parsed JSON when it is JSON, else the text

    def text(self) -> str:
        return json.dumps(self.body) if not isinstance(self.body, str) else self.body


def encoded(kind: str, payload: JsonDict) -> tuple[str, str]:
    """The body and content type Slack sends each kind of payload with."""
    if kind == SLASH_COMMANDS:
        return urlencode(payload), "application/x-www-form-urlencoded"
    if kind == INTERACTIVE:
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    return json.dumps(payload), "application/json"


def post(url: str, body: str, content_type: str, headers: dict[str, str], timeout: float = 10.0) -> Reply:
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": content_type, **headers}, method="POST"
    )
    try:
        with _DIRECT.open(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    text = raw.decode("utf-8", "replace")
    try:
        return Reply(status, json.loads(text) if text.strip() else None)
    except json.JSONDecodeError:
        return Reply(status, text)


def signed_headers(secret: str, body: str, *, age: float = 0.0) -> dict[str, str]:
    """Slack's signature headers for `body`, as if sent `age` seconds ago."""
    timestamp = str(int(time.time() - age))
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": sign(secret, timestamp, body)}


def post_signed(url: str, secret: str, kind: str, payload: JsonDict, **extra_headers: str) -> Reply:
    body, content_type = encoded(kind, payload)
    return post(url, body, content_type, signed_headers(secret, body) | extra_headers)


def looks_signed(now: float | None = None) -> str:
    """Signature headers of the right shape and age that no secret produced, as raw header lines."""
    return f"X-Slack-Request-Timestamp: {int(now or time.time())}\r\nX-Slack-Signature: v0={'0' * 64}\r\n"


def raw_head(url: str, path: str, headers: str) -> tuple[tuple[str, int], bytes]:
    """The address of the bot at `url`, and a POST's request line and headers for `path`."""
    host, port = url.removeprefix("http://").split(":")
    return (host, int(port)), f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n".encode()


def read_until_closed(connection: socket.socket, timeout: float) -> tuple[bytes, float]:
    """What the server sent until it closed the connection, and after how many seconds."""
    started = time.monotonic()
    connection.settimeout(timeout)
    received = b""
    while True:
        try:
            data = connection.recv(65536)
        except ConnectionResetError:
            break
        except TimeoutError:
            raise AssertionError(f"the connection was still open after {timeout} s") from None
        if not data:
            break
        received += data
    return received, time.monotonic() - started
