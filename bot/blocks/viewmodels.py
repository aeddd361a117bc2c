"""What the builders are given: small frozen records, so no builder ever touches the database.

The storage layer (or a listener) fills these from its rows. Times are timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from flows.schema import Flow

Progress = Literal["invited", "answering", "answered", "declined"]  # storage's ParticipantStatus
Outcome = Literal["answered", "declined"]
Confidence = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class WorkshopView:
    id: int
    flow: Flow
    channel_id: str
    facilitator_id: str
    invitee_ids: tuple[str, ...]
    deadline: datetime
    anonymous: bool = True
    state: str = "collecting"  # storage's WorkshopStatus value


@dataclass(frozen=True)
class ParticipantView:
    user_id: str
    role: str = "other"  # a key of flows.schema.ROLES


@dataclass(frozen=True)
class Invitee:
    """Someone picked in step 1 of the start modal; `name` is their display name when known."""

    user_id: str
    name: str | None = None


@dataclass(frozen=True)
class StartDefaults:
    deadline: datetime
    flow_id: str | None = None
    invitee_ids: tuple[str, ...] = ()
    anonymous: bool = True
    checkin_months: tuple[int, ...] = (12,)

    @classmethod
    def from_now(
        cls, now: datetime, flow_id: str | None = None, invitee_ids: tuple[str, ...] = ()
    ) -> StartDefaults:
        """Deadline three days ahead, on the hour, so people get a full working window."""
        ahead = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
        return cls(deadline=ahead, flow_id=flow_id, invitee_ids=invitee_ids)


@dataclass(frozen=True)
class PersonStatus:
    user_id: str
    progress: Progress
    last_reminded: datetime | None = None


@dataclass(frozen=True)
class StatusCard:
    workshop_id: int
    flow_title: str
    state: str
    deadline: datetime
    facilitator_id: str
    people: tuple[PersonStatus, ...] = ()
    # An anonymous workshop names who has answered to its facilitator only; others see counts.
    names_shown: bool = True


@dataclass(frozen=True)
class WaitingSurvey:
    workshop_id: int
    flow_title: str
    decision: str
    deadline: datetime
    round: int = 1


@dataclass(frozen=True)
class FacilitatedWorkshop:
    workshop_id: int
    flow_title: str
    channel_id: str
    state: str
    deadline: datetime
    answered: int = 0
    invited: int = 0


@dataclass(frozen=True)
class FinishedWorkshop:
    workshop_id: int
    flow_title: str
    channel_id: str
    recommendation: str | None = None  # the option's label; None when cancelled or blocked
    confidence: Confidence | None = None
    next_checkin: date | None = None
    withheld: bool = False  # too few answered to show the result anonymously


@dataclass(frozen=True)
class HomeModel:
    waiting: tuple[WaitingSurvey, ...] = ()
    facilitating: tuple[FacilitatedWorkshop, ...] = ()
    finished: tuple[FinishedWorkshop, ...] = ()
