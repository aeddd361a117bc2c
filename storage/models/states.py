"""The states a row can be in, and the column type that stores them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


class WorkshopStatus(StrEnum):
    COLLECTING = "collecting"
    ROUND2 = "round2"
    DECIDING = "deciding"
    DECIDED = "decided"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (WorkshopStatus.COLLECTING, WorkshopStatus.ROUND2, WorkshopStatus.DECIDING)


class ParticipantStatus(StrEnum):
    INVITED = "invited"
    ANSWERING = "answering"
    ANSWERED = "answered"
    DECLINED = "declined"


class DisputeStatus(StrEnum):
    OPEN = "open"
    REVISED = "revised"
    DECIDED = "decided"
    LEFT_OPEN = "left_open"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ScheduledState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


class CheckInStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    SUMMARISED = "summarised"
    CANCELLED = "cancelled"
    SNOOZED = "snoozed"


def state_column(states: type[StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint, no native PostgreSQL type, so
    adding a state later is a constraint change rather than an ALTER TYPE."""
    return Enum(
        states,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
