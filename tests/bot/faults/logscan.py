"""What the bot logged during a fault test, at every level, and the people's words to look for in it:
no answer value, reason or participant id may appear in any log line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.blocks.ids import CallbackId
from bot.sandbox import Sandbox

# The forms where people answer, give reasons and rate check-ins.
ANSWERING = {CallbackId.ANSWER, CallbackId.ROUND2, CallbackId.FACILITATOR, CallbackId.CHECKIN_RATINGS}
# Words long enough to mean something when found; shorter values ("yes", "3") are not searched for.
MIN_SEARCHED = 6
# How a participant's row id would be named in a log line (the SQL parameters of an answer, say).
PARTICIPANT_ID = re.compile(r"participant(?:_id)?['\"]?\s*[:=]\s*\d+|participant \d+", re.IGNORECASE)


# Words a test typed by other means than a form (straight into the service) and wants searched for.
SEARCHED = pytest.StashKey[set[str]]()


class LogLines(logging.Handler):
    """Every record, with its traceback, as the line(s) a log file would hold."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.extend(self.format(record).splitlines())


def typed_words(sandbox: Sandbox) -> set[str]:
    """Everything people typed or picked in the answering forms they submitted."""
    found: set[str] = set()
    for delivery in sandbox.deliveries:
        payload = delivery.payload or {}
        view = payload.get("view") if isinstance(payload.get("view"), dict) else {}
        if view.get("callback_id") not in ANSWERING:
            continue
        values = (view.get("state") or {}).get("values") or {}
        for block in values.values():
            for element in block.values():
                found.update(_texts(element))
    return {word for word in found if len(word) >= MIN_SEARCHED}


def _texts(element: dict[str, Any]) -> Iterator[str]:
    if isinstance(element.get("value"), str):
        yield element["value"]
    for key in ("selected_option",):
        option = element.get(key)
        if isinstance(option, dict) and isinstance(option.get("value"), str):
            yield option["value"]
    for option in element.get("selected_options") or []:
        if isinstance(option, dict) and isinstance(option.get("value"), str):
            yield option["value"]


def leaks(lines: list[str], words: set[str]) -> list[str]:
    """The log lines that hold a typed word or a participant's id."""
    return [line for line in lines if PARTICIPANT_ID.search(line) or any(word in line for word in words)]
