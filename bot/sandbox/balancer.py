"""A load balancer in front of several instances of the app, for the sandbox's signed HTTP deliveries.

Each request goes to the next instance in turn. An instance that refuses the connection is taken out
of the rotation and the request goes on to the next one, as a balancer with health checks does; one
taken out is probed on its health check (GET /healthz) now and then, and comes back when it answers.

An instance that took a request and gave no answer (it was too slow, or died holding it) leaves Slack
without one. Slack then does what it does with the kind of request: an Events API delivery is sent
again, to the next instance, with X-Slack-Retry-Num (up to three times); a slash command or an
interaction is not (the person sees an error and acts again). Every attempt is recorded, so a test
can see which instance got what.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.model import Delivery, JsonDict
from bot.sandbox.socket_link import ACK_TIMEOUT_SECONDS
from bot.sandbox.transport import EVENTS_API, HttpTransport

HEALTH_PATH = "/healthz"
PROBE_TIMEOUT_SECONDS = 1.0
MAX_RETRIES = 3  # as Slack's Events API: the first attempt, then three more
REPROBE_SECONDS = 1.0  # how long an instance taken out stays out before it is probed again
NO_HEALTHY_INSTANCE = 503

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Routed:
    """One attempt to deliver one request: where it went and what came back (status None: nothing)."""

    instance: str  # the instance's request URL
    kind: str  # slash_commands, interactive or events_api
    what: str  # the command, the interaction type, or the event type
    retry_attempt: int
    status: int | None
    started: float  # time.monotonic() when the attempt began
    reached: bool = True  # False: the instance refused the connection, so the request went elsewhere


class Balancer:
    def __init__(
        self, request_urls: Iterable[str], signing_secret: str, ack_timeout: float = ACK_TIMEOUT_SECONDS
    ) -> None:
        self._backends = [HttpTransport(url, signing_secret, ack_timeout) for url in request_urls]
        if not self._backends:
            raise SandboxMisuse("A load balancer needs at least one instance.", "Pass their request URLs.")
        self._ack_timeout = ack_timeout
        self._lock = threading.Lock()
        self._turn = 0
        self._taken_out: dict[str, float] = {}  # request URL -> when it was last found gone
        self._routes: list[Routed] = []

    @property
    def instances(self) -> list[str]:
        return [backend.request_url for backend in self._backends]

    @property
    def routes(self) -> list[Routed]:
        with self._lock:
            return list(self._routes)

    def routed_to(self, instance: str) -> list[Routed]:
        return [route for route in self.routes if route.instance == instance]

    @property
    def out_of_rotation(self) -> set[str]:
        with self._lock:
            return set(self._taken_out)

    def deliver(
        self,
        kind: str,
        payload: JsonDict,
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery:
        attempt, reason = retry_attempt, retry_reason
        while True:
            backend = self._pick(kind, _what(kind, payload), attempt)
            if backend is None:
                return Delivery(
                    kind=kind,
                    transport="http",
                    acknowledged=False,
                    latency=0.0,
                    status=NO_HEALTHY_INSTANCE,
                    payload=payload,
                )
            started = time.monotonic()
            delivery = backend.deliver(
                kind,
                payload,
                accepts_response_payload=accepts_response_payload,
                retry_attempt=attempt,
                retry_reason=reason,
            )
            what = _what(kind, payload)
            self._record(Routed(backend.request_url, kind, what, attempt, delivery.status, started))
            if delivery.status is not None:
                return delivery
            if not healthy(backend.request_url):
                self._take_out(backend.request_url)
            if kind != EVENTS_API or attempt - retry_attempt >= MAX_RETRIES:
                return delivery
            attempt += 1
            reason = "http_timeout" if delivery.latency >= self._ack_timeout else "http_error"

    def _pick(self, kind: str, what: str, attempt: int) -> HttpTransport | None:
        """The next instance in turn that takes connections: one taken out comes back once its health
        check answers again; one that refuses is taken out, and the next is tried."""
        for _ in self._backends:
            with self._lock:
                backend = self._backends[self._turn % len(self._backends)]
                self._turn += 1
                out_since = self._taken_out.get(backend.request_url)
            url = backend.request_url
            if out_since is not None and (time.monotonic() - out_since < REPROBE_SECONDS or not healthy(url)):
                self._take_out(url)
                continue
            if accepts_connections(url):
                with self._lock:
                    self._taken_out.pop(url, None)
                return backend
            self._take_out(url)
            self._record(Routed(url, kind, what, attempt, None, time.monotonic(), reached=False))
        return None

    def _take_out(self, request_url: str) -> None:
        with self._lock:
            self._taken_out[request_url] = time.monotonic()

    def _record(self, route: Routed) -> None:
        with self._lock:
            self._routes.append(route)


def accepts_connections(request_url: str) -> bool:
    parts = urlsplit(request_url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=PROBE_TIMEOUT_SECONDS):
            return True
    except OSError:
        return False


def healthy(request_url: str) -> bool:
    """Whether the instance behind this request URL answers its health check with 200."""
    parts = urlsplit(request_url)
    probe = f"{parts.scheme}://{parts.netloc}{HEALTH_PATH}"
    try:
        with _DIRECT.open(probe, timeout=PROBE_TIMEOUT_SECONDS) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return False


def _what(kind: str, payload: JsonDict) -> str:
    if "command" in payload:
        return str(payload["command"])
    event = payload.get("event")
    if isinstance(event, dict):
        return str(event.get("type", ""))
    return str(payload.get("type", kind))
