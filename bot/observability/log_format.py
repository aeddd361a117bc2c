"""How the bot's log reads: `LOG_FORMAT=text` (the default) for a person at a terminal, `json` for a
log pipeline, one JSON object per line. Each line written while a Slack request is handled carries
that request's id (`request_id`), also in the work its listeners hand off, so one request's lines
can be found together; lines outside a request have none.

The request id is made here, a short random one per request: Slack's requests carry no id of their
own that every kind shares.
"""

from __future__ import annotations

import contextvars
import json
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse

from bot.observability.metrics import request_kind
from bot.process.settings import LogFormat

log = logging.getLogger(__name__)

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (`request_id`, and `request_tag` for text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = REQUEST_ID.get()
        record.request_id = request_id
        record.request_tag = f" [{request_id}]" if request_id else ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str, log_format: LogFormat) -> None:
    """The root logger's one handler, in the chosen format, with request ids."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format is LogFormat.JSON else logging.Formatter(TEXT_FORMAT))
    # uvicorn, started with no logging config of its own (`bot.edge.http_server.serve`), writes through
    # it too.
    logging.basicConfig(level=level, handlers=[handler], force=True)


@contextmanager
def request_scope() -> Iterator[str]:
    """A fresh request id while one Slack request is dispatched: from its middleware to the moment
    its listener is handed to the listener pool, which runs it in a copy of this context
    (`bot.edge.executor`), so the listener's lines carry the id too."""
    request_id = secrets.token_hex(6)
    token = REQUEST_ID.set(request_id)
    try:
        yield request_id
    finally:
        REQUEST_ID.reset(token)


def tag_requests(app: App) -> None:
    """The request's id in its context, and one line saying a request arrived. The id itself is set
    around the whole dispatch (`request_scope`): Bolt's middleware chain has returned before the
    listener is picked, so an id set and reset here would be gone by then."""

    @app.middleware
    def with_request_id(
        request: BoltRequest, context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context["request_id"] = REQUEST_ID.get()
        # The kind only: who sent it and what it says stay out of the log.
        log.debug("Handling a Slack request (%s)", request_kind(request.body))
        return next()
