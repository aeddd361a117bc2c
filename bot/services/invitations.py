"""Checking what `/hiring start` asked for before anything is stored."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flows.errors import WorkshopError
from flows.schema import ROLES

MAX_CHECKIN_MONTHS = 36


@dataclass(frozen=True)
class Invitee:
    user_id: str
    role: str = "other"
    weight: float = 1.0


def checked_invitees(invitees: Sequence[Invitee]) -> list[Invitee]:
    """The invitees with repeats merged (the first mention of a person wins), or the first problem."""
    if not invitees:
        raise WorkshopError(
            "A workshop needs at least one invitee.", "Invite the people who share the decision."
        )
    merged: dict[str, Invitee] = {}
    for invitee in invitees:
        if not invitee.user_id.strip():
            raise WorkshopError(
                "An invitee has an empty Slack user id.", "Pick each invitee from the people list."
            )
        if invitee.role not in ROLES:
            raise WorkshopError(
                f"Role '{invitee.role}' for <@{invitee.user_id}> is not a known role.",
                f"Use one of: {', '.join(ROLES)}.",
            )
        if not (math.isfinite(invitee.weight) and invitee.weight > 0):
            raise WorkshopError(
                f"The weight {invitee.weight} for <@{invitee.user_id}> is not a positive number.",
                "Give every invitee a weight above 0 (1 is the usual).",
            )
        merged.setdefault(invitee.user_id, invitee)
    return list(merged.values())


def check_deadline(deadline: datetime, now: datetime) -> None:
    if deadline.tzinfo is None:
        raise WorkshopError(
            f"The deadline {deadline.isoformat()} has no time zone.", "Give the deadline with its time zone."
        )
    if deadline <= now:
        raise WorkshopError(
            f"The deadline {deadline:%Y-%m-%d %H:%M} UTC is not in the future.", "Pick a later date."
        )


def checked_months(months: Sequence[int]) -> list[int]:
    for month in months:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= MAX_CHECKIN_MONTHS:
            raise WorkshopError(
                f"Check-in month {month!r} is not a whole number from 1 to {MAX_CHECKIN_MONTHS}.",
                "Use months such as 3, 6 and 12.",
            )
    return sorted(set(months))
