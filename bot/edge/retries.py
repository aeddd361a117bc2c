"""Slack's retries of a request the app has acknowledged, and a second click on a button the person
has just clicked, are acknowledged and dropped.

Slack sends a request again, body for body, with `X-Slack-Retry-Num` when it thinks the first
attempt went unanswered; a double click sends the same click twice, with new trigger ids. Handlers
are safe to repeat where they can be, but some requests mean something else the second time: a
retried `/hiring close` would close the next round, a second "Snooze" would snooze another week.
So each request is remembered as it is acknowledged, by a digest of its body and, for a button that
changes something, of the click (who, which button, on which message), in the database so another
instance or a restarted one recognises it too. The acknowledgement only queues the digests: a
thread writes them moments later (`bot.edge.handled_log`), and until then this instance recognises them
from its queue. A retry of a remembered request, and the same click again within a few seconds,
are not handled again. A first attempt that never acknowledged (its process died first) is not
remembered, so its retry is handled. Buttons that only open a form are
left alone: opening it again is harmless, and a person may well reopen a form they just closed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.blocks.ids import ActionId
from bot.edge.errors import FAILED_BEFORE_ACK
from bot.observability.log_format import request_scope
from bot.observability.metrics import RECEIVED_AT, request_kind
from bot.process.runtime import Runtime
from storage.handled import KEPT_FOR, handled_since

log = logging.getLogger(__name__)

DOUBLE_CLICK = timedelta(seconds=5)
# Where the middleware leaves what `RememberingApp` records.
ACKNOWLEDGEMENT = "acknowledgement"
# Buttons whose second click would do or say something again.
CHANGING_BUTTONS = {
    ActionId.DECLINE,
    ActionId.CHECKIN_SNOOZE,
    ActionId.CHECKIN_CANCEL,
    ActionId.DELETE_WORKSPACE,
}


def digest_of(value: object) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def request_digest_of(req: BoltRequest) -> str:
    """The request's digest: of its bytes as Slack sent them over HTTP (a retry repeats them byte
    for byte, and hashing them costs a fraction of re-encoding a form's whole view), else of its body."""
    if req.raw_body:
        return hashlib.sha256(req.raw_body.encode()).hexdigest()
    return digest_of(req.body)


def click_of(body: dict[str, Any]) -> str | None:
    """A digest a second click of the same changing button shares with the first; None for others."""
    actions = body.get("actions")
    if body.get("type") != "block_actions" or not isinstance(actions, list) or not actions:
        return None
    if not all(isinstance(a, dict) and a.get("action_id") in CHANGING_BUTTONS for a in actions):
        return None
    container = body.get("container")
    container = container if isinstance(container, dict) else {}
    user = body.get("user")
    user = user if isinstance(user, dict) else {}
    buttons = [(a.get("action_id"), a.get("block_id"), a.get("value")) for a in actions]
    where = (container.get("message_ts"), container.get("view_id"))
    return digest_of(["click", user.get("id"), where, buttons])


@dataclass(frozen=True)
class Acknowledgement:
    """What to remember of a request once its listener has acknowledged it, and for the metrics."""

    digests: list[str]
    kind: str
    received_at: float


class SkipHandledRetries(Middleware):
    """Answers a retry of a remembered request, or a second click, itself; else notes what to
    remember once the request is acknowledged (`RememberingApp`)."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        request_digest, click = request_digest_of(req), click_of(req.body)
        attempt = req.headers.get("x-slack-retry-num", [""])[0]
        now = _wall_clock()
        if attempt and _handled(self._runtime, request_digest, now - KEPT_FOR):
            log.info("Slack retried a request already acknowledged (retry %s); not handled again", attempt)
            return BoltResponse(status=200, body="")
        if click is not None and _handled(self._runtime, click, now - DOUBLE_CLICK):
            log.info("The same button was clicked again within %s s: ignored", DOUBLE_CLICK.seconds)
            return BoltResponse(status=200, body="")
        digests = [d for d in (request_digest, click) if d is not None]
        # Arrival as the HTTP edge saw it (`bot.edge.http_server`); in Socket Mode, as Bolt hands it over.
        received_at = float(req.context.get(RECEIVED_AT) or time.perf_counter())
        req.context[ACKNOWLEDGEMENT] = Acknowledgement(digests, request_kind(req.body), received_at)
        return next()


class RememberingApp(App):
    """Bolt's app, remembering each request its listener acknowledged as it hands the
    acknowledgement back to Slack (over HTTP, `bot.edge.http_server`; in Socket Mode, Bolt's adapter).

    Why here: `dispatch` returns the acknowledgement as soon as a listener has called `ack()`, while
    the listener goes on; Bolt has no hook of its own at that moment, and its middleware chain has
    returned before the listener starts."""

    def __init__(self, runtime: Runtime, **options: Any) -> None:
        super().__init__(**options)
        self._runtime = runtime

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        # Around the whole dispatch, so the listener handed to the pool inherits the request's id.
        with request_scope():
            response = super().dispatch(req)
        acknowledgement: Acknowledgement | None = req.context.get(ACKNOWLEDGEMENT)
        # Not when the error handler wrote the acknowledgement: the request failed, so it may be sent again.
        if acknowledgement is None or req.context.ack.response is None or req.context.get(FAILED_BEFORE_ACK):
            return response
        self._runtime.handled_log().record(acknowledgement.digests, _wall_clock())
        seconds = time.perf_counter() - acknowledgement.received_at
        self._runtime.metrics.acknowledged(acknowledgement.kind, seconds)
        return response


def _handled(runtime: Runtime, digest: str, since: datetime) -> bool:
    if runtime.handled_log().pending_since(digest, since):
        return True
    with runtime.sessions() as session:
        return handled_since(session, digest, since)


def _wall_clock() -> datetime:
    # Retries and double clicks happen in real seconds, whatever clock the workshops run on.
    return datetime.now(UTC)
