"""What gets scheduled for a workshop, and when: round deadlines, nudges and check-ins.

Every item has a key that names what it is for, so scheduling the same thing twice is one item and
a whole group (a round's nudges, one check-in's jobs) can be cancelled by its key prefix. Functions
here work inside the caller's transaction and never commit.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Literal

from sqlalchemy.orm import Session

from bot.services.invitations import checked_months
from flows.errors import WorkshopError, WrongState
from storage.models import CheckIn, CheckInStatus, Workshop, WorkshopStatus
from storage.repositories import CheckInRepository, ScheduledRepository

NUDGE_HOURS_BEFORE = (48, 4)
RATING_WINDOW = timedelta(days=7)
SNOOZE = timedelta(days=7)
CHANGEABLE = (CheckInStatus.SCHEDULED, CheckInStatus.SNOOZED, CheckInStatus.OPEN)


class ItemKind(StrEnum):
    ROUND_DEADLINE = "round_deadline"
    NUDGE = "nudge"
    CHECKIN_OPEN = "checkin_open"
    CHECKIN_SUMMARY = "checkin_summary"
    PREVIEW_REMINDER = "preview_reminder"
    ANNOUNCEMENT_COUNT = "announcement_count"
    RETENTION = "retention"
    SEND = "send"  # a post in the outbox (`bot.delivery.outbox`)
    INVITATIONS_TOLD = "invitations_told"  # the facilitator told of the invitations Slack refused
    SURFACES = "surfaces"  # the invitations and homes refreshed after a change (`bot.workflows.surfaces`)


# The retention purge belongs to no workspace: its items carry this team id, and never call Slack.
NO_TEAM = ""


@dataclass(frozen=True)
class NudgePlan:
    participant_id: int
    hours_before: int
    due_at: datetime


# Keys


def round_prefix(workshop_id: int, round: int) -> str:
    return f"w{workshop_id}:r{round}:"


def nudge_key(workshop_id: int, round: int, participant_id: int, hours_before: int) -> str:
    return f"{round_prefix(workshop_id, round)}p{participant_id}:{hours_before}h"


def checkin_prefix(checkin: CheckIn) -> str:
    return f"w{checkin.workshop_id}:c{checkin.id}:"


def checkin_key(checkin: CheckIn, step: Literal["open", "summary"]) -> str:
    return f"{checkin_prefix(checkin)}v{checkin.version}:{step}"


def preview_prefix(workshop_id: int) -> str:
    return f"w{workshop_id}:preview:"


def schedule_preview_reminder(session: Session, workshop: Workshop, due_at: datetime) -> None:
    """A reminder to the facilitator that the recommendation waits for them; the one pending before
    is cancelled, so "Not yet" moves the reminder rather than adding one."""
    items = ScheduledRepository(session)
    items.cancel_pending(workshop.id, [ItemKind.PREVIEW_REMINDER], preview_prefix(workshop.id))
    items.add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.PREVIEW_REMINDER,
        dedupe_key=f"{preview_prefix(workshop.id)}{int(due_at.timestamp())}",
        due_at=due_at,
    )


def cancel_preview_reminders(session: Session, workshop_id: int) -> None:
    ScheduledRepository(session).cancel_pending(
        workshop_id, [ItemKind.PREVIEW_REMINDER], preview_prefix(workshop_id)
    )


# Rounds


def schedule_round(
    session: Session, workshop: Workshop, round: int, deadline: datetime, nudges: Iterable[NudgePlan]
) -> None:
    """The round's deadline, and a nudge for each plan; what is already scheduled stays as it is."""
    items = ScheduledRepository(session)
    items.add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.ROUND_DEADLINE,
        dedupe_key=f"{round_prefix(workshop.id, round)}deadline",
        due_at=deadline,
        payload={"round": round},
    )
    for plan in nudges:
        items.add(
            team_id=workshop.team_id,
            workshop_id=workshop.id,
            kind=ItemKind.NUDGE,
            dedupe_key=nudge_key(workshop.id, round, plan.participant_id, plan.hours_before),
            due_at=plan.due_at,
            payload={"round": round, "participant_id": plan.participant_id, "hours": plan.hours_before},
        )


def move_deadline(session: Session, workshop: Workshop, round: int, deadline: datetime) -> None:
    """The round's deadline item moves to `deadline`: the pending one is cancelled, and the new one
    is keyed by its moment (an item's key is used once, and the old one may have run already)."""
    prefix = round_prefix(workshop.id, round)
    items = ScheduledRepository(session)
    items.cancel_pending(workshop.id, (ItemKind.ROUND_DEADLINE,), f"{prefix}deadline")
    items.add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.ROUND_DEADLINE,
        dedupe_key=f"{prefix}deadline@{deadline:%Y%m%dT%H%M%S}",
        due_at=deadline,
        payload={"round": round},
    )


def schedule_retention(session: Session, due: datetime) -> bool:
    """The day's retention purge (one a day, whoever schedules it); True when this call added it."""
    added = ScheduledRepository(session).add(
        team_id=NO_TEAM,
        workshop_id=None,
        kind=ItemKind.RETENTION,
        dedupe_key=f"retention:{due:%Y-%m-%d}",
        due_at=due,
    )
    return added is not None


def cancel_round(session: Session, workshop_id: int, round: int) -> int:
    """A closed round needs neither its deadline nor its nudges any more."""
    kinds = (ItemKind.ROUND_DEADLINE, ItemKind.NUDGE)
    return ScheduledRepository(session).cancel_pending(workshop_id, kinds, round_prefix(workshop_id, round))


# The announcement's live count

COUNT_EVERY = timedelta(minutes=1)


def schedule_count_update(session: Session, workshop: Workshop, now: datetime) -> None:
    """The announcement's count is refreshed at the start of the next whole minute. Everything that
    changes the count within a minute lands on that minute's one item (the key names the minute,
    and adding an existing key adds nothing), so the announcement changes at most once a minute
    however fast people answer, and no listener waits for it."""
    step = int(COUNT_EVERY.total_seconds())
    minute = int(now.timestamp()) // step + 1
    ScheduledRepository(session).add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.ANNOUNCEMENT_COUNT,
        dedupe_key=f"w{workshop.id}:count:{minute}",
        due_at=datetime.fromtimestamp(minute * step, UTC),
    )


# Check-ins


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def schedule_checkins(session: Session, workshop: Workshop) -> list[CheckIn]:
    """A decided workshop's check-ins at its chosen months, each with the job that opens it."""
    if workshop.status is not WorkshopStatus.DECIDED or workshop.decided_at is None:
        return []
    checkins = CheckInRepository(session)
    made = [checkins.add(workshop.id, m, add_months(workshop.decided_at, m)) for m in workshop.checkin_months]
    for checkin in made:
        if checkin.status in (CheckInStatus.SCHEDULED, CheckInStatus.SNOOZED):
            _schedule_opening(session, workshop, checkin)
    return made


def next_checkin(session: Session, workshop_id: int) -> CheckIn | None:
    return CheckInRepository(session).next_upcoming(workshop_id)


def add_checkin(session: Session, workshop: Workshop, months: int, now: datetime) -> CheckIn | None:
    """Plan one more check-in; once the workshop is decided it is scheduled at once."""
    if workshop.status is WorkshopStatus.CANCELLED:
        raise WrongState("This workshop was cancelled, so it has no check-ins.")
    workshop.checkin_months = checked_months([*workshop.checkin_months, months])
    if workshop.status is not WorkshopStatus.DECIDED or workshop.decided_at is None:
        return None
    due = add_months(workshop.decided_at, months)
    if due <= now:
        raise WorkshopError(
            f"{months} months after the decision was {due:%Y-%m-%d}, which has passed.",
            "Add a later check-in.",
        )
    checkin = CheckInRepository(session).add(workshop.id, months, due)
    if checkin.status is CheckInStatus.CANCELLED:
        # Adding back a check-in cancelled earlier brings it back on its original date.
        _change(session, checkin, (*CHANGEABLE, CheckInStatus.CANCELLED), status=CheckInStatus.SCHEDULED)
    _schedule_opening(session, workshop, checkin)
    return checkin


def remove_planned(workshop: Workshop, months: int) -> None:
    """Before the decision, a check-in is only a plan: dropping it changes the plan."""
    if workshop.status is WorkshopStatus.DECIDED:
        raise WrongState(
            "This workshop is decided, so its check-ins are scheduled.", "Cancel the check-in itself."
        )
    workshop.checkin_months = [m for m in workshop.checkin_months if m != months]


def snooze_checkin(session: Session, workshop: Workshop, checkin: CheckIn, now: datetime) -> CheckIn:
    """A week later; an open check-in asks again then, keeping the ratings already given."""
    start = now if checkin.status is CheckInStatus.OPEN else max(checkin.due_at, now)
    return _move(session, workshop, checkin, start + SNOOZE, CheckInStatus.SNOOZED)


def reschedule_checkin(
    session: Session, workshop: Workshop, checkin: CheckIn, due: datetime, now: datetime
) -> CheckIn:
    if due <= now:
        raise WorkshopError(f"{due:%Y-%m-%d %H:%M} UTC has passed.", "Pick a date in the future.")
    return _move(session, workshop, checkin, due, CheckInStatus.SCHEDULED)


def cancel_checkin(session: Session, checkin: CheckIn) -> CheckIn:
    _require_changeable(checkin)
    ScheduledRepository(session).cancel_pending(
        checkin.workshop_id, (ItemKind.CHECKIN_OPEN, ItemKind.CHECKIN_SUMMARY), checkin_prefix(checkin)
    )
    _change(session, checkin, CHANGEABLE, status=CheckInStatus.CANCELLED, version=checkin.version + 1)
    return checkin


def summary_due_now(session: Session, team_id: str, checkin: CheckIn, now: datetime) -> int | None:
    """Everyone has rated: the summary job is due now instead of at the end of the week. Returns its
    id, for the caller to run it at once."""
    key = checkin_key(checkin, "summary")
    return ScheduledRepository(session).bring_forward(team_id, ItemKind.CHECKIN_SUMMARY, key, now)


def schedule_summary(session: Session, workshop: Workshop, checkin: CheckIn, due: datetime) -> None:
    ScheduledRepository(session).add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.CHECKIN_SUMMARY,
        dedupe_key=checkin_key(checkin, "summary"),
        due_at=due,
        payload={"checkin_id": checkin.id, "version": checkin.version},
    )


def _move(
    session: Session, workshop: Workshop, checkin: CheckIn, due: datetime, status: CheckInStatus
) -> CheckIn:
    _require_changeable(checkin)
    ScheduledRepository(session).cancel_pending(
        checkin.workshop_id, (ItemKind.CHECKIN_OPEN, ItemKind.CHECKIN_SUMMARY), checkin_prefix(checkin)
    )
    _change(session, checkin, CHANGEABLE, status=status, due_at=due, version=checkin.version + 1)
    _schedule_opening(session, workshop, checkin)
    return checkin


def _schedule_opening(session: Session, workshop: Workshop, checkin: CheckIn) -> None:
    ScheduledRepository(session).add(
        team_id=workshop.team_id,
        workshop_id=workshop.id,
        kind=ItemKind.CHECKIN_OPEN,
        dedupe_key=checkin_key(checkin, "open"),
        due_at=checkin.due_at,
        payload={"checkin_id": checkin.id, "version": checkin.version},
    )


def _require_changeable(checkin: CheckIn) -> None:
    if checkin.status is CheckInStatus.SUMMARISED:
        raise WrongState(f"The {checkin.months}-month check-in is finished; its summary is posted.")
    if checkin.status is CheckInStatus.CANCELLED:
        raise WrongState(
            f"The {checkin.months}-month check-in was cancelled.",
            "Add it again with `/hiring checkin` if you still want it.",
        )


def _change(session: Session, checkin: CheckIn, statuses: Iterable[CheckInStatus], **values: object) -> None:
    if not CheckInRepository(session).change(checkin, from_statuses=list(statuses), **values):
        raise WrongState("This check-in changed while your request was handled.", "Look at it and retry.")
