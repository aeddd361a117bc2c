"""What the builders are given: small frozen records, so no builder ever touches the database.

The storage layer (or a listener) fills these from its rows. Times are timezone-aware.
"""

from __future__ import annotations

from collections.abc import Sequence
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
class Tally:
    """The announcement's live count: numbers only, never who."""

    answered: int  # round 1: answered everything asked; round 2: reviewed the disputed questions
    invited: int
    declined: int = 0


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
    preview: bool = True  # the facilitator sees the recommendation before the channel does

    @classmethod
    def from_now(
        cls,
        now: datetime,
        flow_id: str | None = None,
        invitee_ids: tuple[str, ...] = (),
        preview: bool = True,
    ) -> StartDefaults:
        """Deadline three days ahead, on the hour, so people get a full working window."""
        ahead = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
        return cls(deadline=ahead, flow_id=flow_id, invitee_ids=invitee_ids, preview=preview)


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
    # Once finished: what it came to ("Recommended …", "Cancelled"), and the recommendation's link.
    outcome: str | None = None
    link: str | None = None
    # An anonymous workshop names who has answered to its facilitator only; others see counts.
    names_shown: bool = True


@dataclass(frozen=True)
class WaitingWorkshop:
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
    deadline: datetime  # the current round's
    answered: int = 0  # of the round now open: answered in round 1, reviewed in round 2
    invited: int = 0  # those taking part (declines left out)


@dataclass(frozen=True)
class FinishedWorkshop:
    workshop_id: int
    flow_title: str
    channel_id: str
    recommendation: str | None = None  # the option's label; None when cancelled or blocked
    confidence: Confidence | None = None
    next_checkin: date | None = None
    link: str | None = None  # the posted recommendation's permalink
    # For the facilitator only: their controls (Export), and the next check-in they can still
    # snooze, move or cancel.
    facilitated: bool = False
    controlled_checkin: int | None = None
    withheld: bool = False  # too few answered to show the result anonymously


@dataclass(frozen=True)
class HomeModel:
    waiting: tuple[WaitingWorkshop, ...] = ()
    facilitating: tuple[FacilitatedWorkshop, ...] = ()
    finished: tuple[FinishedWorkshop, ...] = ()


@dataclass(frozen=True)
class Turnout:
    """Who took part, counted as `/hiring status` counts: finished means every required question on
    their path answered (storage's `answered`), started means some but not all."""

    invited: int
    finished: int
    started: int
    not_started: int
    declined: int

    @classmethod
    def of(cls, progress: Sequence[str]) -> Turnout:
        """From each participant's progress, as storage's `ParticipantStatus` values."""
        return cls(
            invited=len(progress),
            finished=sum(p == "answered" for p in progress),
            started=sum(p == "answering" for p in progress),
            not_started=sum(p == "invited" for p in progress),
            declined=sum(p == "declined" for p in progress),
        )


@dataclass(frozen=True)
class Settlement:
    """The facilitator's latest word on one dispute: `answer` in words, None when left open."""

    question_id: str
    answer: str | None
    rationale: str


@dataclass(frozen=True)
class SummaryFacts:
    """What the summary shows beyond the engine's analysis, read from storage."""

    workshop: WorkshopView
    turnout: Turnout
    settlements: tuple[Settlement, ...] = ()
    checkin_dates: tuple[date, ...] = ()
