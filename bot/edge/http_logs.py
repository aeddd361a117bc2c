"""What uvicorn logs of a request, kept clean.

The access log prints each request's path with its query string, and the OAuth redirect page's query
carries the one-time `code` and the `state` of an install: both are redacted. A request that is not
HTTP at all (h11's "Invalid HTTP request received.") is anyone's garbage, not a fault of the bot's,
so it is logged at DEBUG instead of WARNING.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
SECRET_PARAMETERS = re.compile(r"(?<=[?&])(code|state)=[^&\s]*", re.IGNORECASE)
_GARBAGE = "Invalid HTTP request received."


def redact_query(text: str) -> str:
    return SECRET_PARAMETERS.sub(lambda match: f"{match[1]}={REDACTED}", text)


class RedactSecrets(logging.Filter):
    """On uvicorn's access logger: `code=` and `state=` in the logged path are redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_query(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact_query(str(record.msg))
        return True


class GarbageAtDebug(logging.Filter):
    """On uvicorn's error logger: a request h11 cannot parse is demoted to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != _GARBAGE:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(__name__).isEnabledFor(logging.DEBUG)


def install_http_log_filters() -> None:
    """Idempotent: uvicorn keeps its loggers for the process, and tests start many servers."""
    for name, kind in (("uvicorn.access", RedactSecrets), ("uvicorn.error", GarbageAtDebug)):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, kind) for existing in logger.filters):
            logger.addFilter(kind())
