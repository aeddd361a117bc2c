"""Reminders built once for everyone who gets the very same one.

A reminder depends on the workshop (its id, its flow's decision and length, the round's deadline),
on how far the person has got and on whether it is late; the people of a workshop who have not
started all get the same one. It is built and turned into Slack's JSON once per such set of facts,
not once per person.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from bot.blocks.common import Message
from bot.blocks.reminder import reminder_dm
from bot.blocks.viewmodels import WorkshopView

REMINDERS_KEPT = 512  # a few kilobytes each


@dataclass(frozen=True)
class Reminder:
    """Every fact `reminder_dm` reads: equal facts, equal reminders."""

    workshop_id: int
    flow_hash: str
    status: str
    deadline: datetime
    round2_deadline: datetime | None
    answered: int
    total: int
    late: bool


@dataclass(frozen=True)
class _Rendered(Message):
    """A message whose JSON is made once and handed to every post of it (posting only reads it)."""

    @cached_property
    def _json(self) -> dict[str, Any]:
        return super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._json


_kept: OrderedDict[Reminder, Message] = OrderedDict()
_lock = threading.Lock()


def rendered(reminder: Reminder, view: Callable[[], WorkshopView]) -> Message:
    """The reminder for these facts, built from `view()` only the first time. The cache keeps only
    the facts and the message: nothing of the session or the workshop that built it."""
    with _lock:
        message = _kept.get(reminder)
        if message is not None:
            _kept.move_to_end(reminder)
            return message
    built = reminder_dm(view(), reminder.answered, reminder.total, late=reminder.late)
    message = _Rendered(text=built.text, blocks=built.blocks, in_thread=built.in_thread)
    with _lock:
        _kept[reminder] = message
        while len(_kept) > REMINDERS_KEPT:
            _kept.popitem(last=False)
    return message
