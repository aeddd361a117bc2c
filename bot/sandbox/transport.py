"""How a payload reaches the app: a signed HTTP POST to its request URL, or an envelope over its Socket
Mode connection (see `socket_link`). Both wait at most 3 seconds for the acknowledgement, as Slack does."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from typing import Any, Protocol
from urllib.parse import urlencode

from bot.sandbox.model import Delivery, JsonDict
from bot.sandbox.socket_link import ACK_TIMEOUT_SECONDS, SocketLink

# The kinds of delivery, named as Socket Mode names them.
SLASH_COMMANDS = "slash_commands"
INTERACTIVE = "interactive"
EVENTS_API = "events_api"

# Loopback needs no proxy, whatever the environment says.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Transport(Protocol):
    def deliver(
        self,
        kind: str,
        payload: JsonDict,
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery: ...


def sign(signing_secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: v0= and the HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    digest = hmac.new(signing_secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return f"v0={digest.hexdigest()}"


def _encode(kind: str, payload: JsonDict) -> tuple[str, str]:
    if kind == SLASH_COMMANDS:
        return urlencode(payload), "application/x-www-form-urlencoded"
    if kind == INTERACTIVE:
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    return json.dumps(payload), "application/json"


def _decode(raw: bytes, content_type: str) -> Any:
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return None
    if "json" in content_type or text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


class HttpTransport:
    def __init__(
        self, request_url: str, signing_secret: str, ack_timeout: float = ACK_TIMEOUT_SECONDS
    ) -> None:
        self.request_url = request_url
        self._signing_secret = signing_secret
        self._ack_timeout = ack_timeout

    def deliver(
        self,
        kind: str,
        payload: JsonDict,
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery:
        body, content_type = _encode(kind, payload)
        # Real time, not the sandbox clock: the app checks the timestamp against its own clock.
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": sign(self._signing_secret, timestamp, body),
        }
        if retry_attempt:
            headers |= {"X-Slack-Retry-Num": str(retry_attempt), "X-Slack-Retry-Reason": retry_reason}
        request = urllib.request.Request(self.request_url, data=body.encode(), headers=headers, method="POST")
        status: int | None = None
        raw, answer_type = b"", ""
        started = time.monotonic()
        try:
            with _DIRECT.open(request, timeout=self._ack_timeout) as answer:
                status, raw, answer_type = (
                    answer.status,
                    answer.read(),
                    answer.headers.get("Content-Type", ""),
                )
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException):
            # An instance killed mid-answer cuts its response short (IncompleteRead): to Slack that
            # is a request that was never acknowledged, the same as one that was refused.
            status, raw = None, b""
        latency = time.monotonic() - started
        return Delivery(
            kind=kind,
            transport="http",
            acknowledged=status == 200,
            latency=latency,
            response=_decode(raw, answer_type),
            status=status,
            payload=payload,
        )


class SocketModeTransport:
    def __init__(self, link: SocketLink) -> None:
        self._link = link

    def deliver(
        self,
        kind: str,
        payload: JsonDict,
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery:
        return self._link.deliver(
            kind,
            payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )
