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
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.context.ack import Ack

from bot.blocks.ids import ActionId
from bot.observability.metrics import RECEIVED_AT, request_kind
from bot.process.runtime import Runtime
from storage.handled import KEPT_FOR, handled_since

log = logging.getLogger(__name__)

DOUBLE_CLICK = timedelta(seconds=5)
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


class RememberingAck(Ack):
    """Bolt's acknowledgement that also queues the request (and the click) to be recorded as handled."""

    def __init__(self, runtime: Runtime, digests: list[str], kind: str, received_at: float) -> None:
        super().__init__()
        self._runtime, self._digests = runtime, digests
        self._kind, self._received_at = kind, received_at

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        self._runtime.handled_log().record(self._digests, _wall_clock())
        response = super().__call__(*args, **kwargs)
        self._runtime.metrics.acknowledged(self._kind, time.perf_counter() - self._received_at)
        return response


def skip_handled_retries(app: App, runtime: Runtime) -> None:
    @app.middleware
    def once_per_request(
        request: BoltRequest, context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        request_digest, click = digest_of(request.body), click_of(request.body)
        attempt = request.headers.get("x-slack-retry-num", [""])[0]
        now = _wall_clock()
        if attempt and _handled(runtime, request_digest, now - KEPT_FOR):
            log.info("Slack retried a request already acknowledged (retry %s); not handled again", attempt)
            return BoltResponse(status=200, body="")
        if click is not None and _handled(runtime, click, now - DOUBLE_CLICK):
            log.info("The same button was clicked again within %s s: ignored", DOUBLE_CLICK.seconds)
            return BoltResponse(status=200, body="")
        digests = [d for d in (request_digest, click) if d is not None]
        # Arrival as the HTTP edge saw it (`bot.edge.http_server`); in Socket Mode, as Bolt hands it over.
        received_at = float(context.get(RECEIVED_AT) or time.perf_counter())
        context["ack"] = RememberingAck(runtime, digests, request_kind(request.body), received_at)
        return next()


def _handled(runtime: Runtime, digest: str, since: datetime) -> bool:
    if runtime.handled_log().pending_since(digest, since):
        return True
    with runtime.sessions() as session:
        return handled_since(session, digest, since)


def _wall_clock() -> datetime:
    # Retries and double clicks happen in real seconds, whatever clock the workshops run on.
    return datetime.now(UTC)
