"""The check-in service: snoozed, moved, cancelled, added back and dropped as the facilitator asks,
each move replacing the check-in's scheduled job; ratings stored as revisions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.checkins import CheckInService
from bot.services.scheduling import schedule_checkins
from flows.errors import WorkshopError, WrongState
from storage.models import (
    CheckIn,
    CheckInStatus,
    Participant,
    Rating,
    ScheduledItem,
    ScheduledState,
    Workshop,
)
from tests.bot.services.conftest import START, TEAM


def states(session: Session) -> dict[str, ScheduledState]:
    session.expire_all()
    return dict(session.execute(select(ScheduledItem.dedupe_key, ScheduledItem.state)).all())  # type: ignore[arg-type]


def test_snoozing_and_rescheduling_move_the_checkin_and_replace_its_job(
    session: Session, decided: Workshop, checkins: CheckInService
) -> None:
    six, _ = schedule_checkins(session, decided)
    checkins.snooze(decided, six)
    session.commit()
    assert (six.status, six.version, six.due_at) == (
        CheckInStatus.SNOOZED,
        1,
        datetime(2027, 5, 17, 9, tzinfo=START.tzinfo),
    )
    keys = states(session)
    assert keys[f"w{decided.id}:c{six.id}:v0:open"] is ScheduledState.CANCELLED
    assert keys[f"w{decided.id}:c{six.id}:v1:open"] is ScheduledState.PENDING
    with pytest.raises(WorkshopError, match="has passed"):
        checkins.reschedule(decided, six, START - timedelta(days=1))
    checkins.reschedule(decided, six, datetime(2027, 6, 1, 9, tzinfo=START.tzinfo))
    session.commit()
    assert (six.status, six.version) == (CheckInStatus.SCHEDULED, 2)
    assert checkins.get(TEAM, six.id).due_at == datetime(2027, 6, 1, 9, tzinfo=START.tzinfo)


def test_a_cancelled_checkin_cannot_be_moved_but_can_be_added_back(
    session: Session, decided: Workshop, checkins: CheckInService
) -> None:
    six, _ = schedule_checkins(session, decided)
    checkins.cancel(six)
    session.commit()
    with pytest.raises(WrongState, match="was cancelled"):
        checkins.snooze(decided, six)
    back = checkins.add(decided, 6)
    session.commit()
    assert back is not None and (back.id, back.status) == (six.id, CheckInStatus.SCHEDULED)
    assert states(session)[f"w{decided.id}:c{six.id}:v1:open"] is ScheduledState.PENDING


def test_before_the_decision_checkins_are_only_a_plan(
    session: Session, workshop: Workshop, checkins: CheckInService
) -> None:
    assert checkins.add(workshop, 3) is None
    checkins.drop_planned(workshop, 12)
    session.commit()
    assert workshop.checkin_months == [3]
    assert session.scalars(select(CheckIn)).all() == []
    with pytest.raises(WorkshopError, match="Check-in month 40"):
        checkins.add(workshop, 40)


def test_a_changed_rating_is_a_new_revision_and_a_repeat_is_not(
    session: Session, decided: Workshop, checkins: CheckInService
) -> None:
    six, _ = schedule_checkins(session, decided)
    person = session.scalars(select(Participant).where(Participant.workshop_id == decided.id)).first()
    assert person is not None
    checkins.rate(six, person, {"shipped": (Rating.PARTLY, None)})
    checkins.rate(six, person, {"shipped": (Rating.PARTLY, None)})
    checkins.rate(six, person, {"shipped": (Rating.MET, "Live since May.")})
    session.commit()
    [current] = checkins.ratings(six.id).values()
    assert (current.revision, current.rating, current.note) == (2, Rating.MET, "Live since May.")
    assert checkins.ratings(six.id, person.id + 1000) == {}


def test_the_summary_is_brought_forward_once_everyone_has_rated(
    session: Session, decided: Workshop, checkins: CheckInService
) -> None:
    six, _ = schedule_checkins(session, decided)
    session.commit()
    assert checkins.bring_summary_forward(TEAM, six) is None  # not opened yet: no summary job to move
    assert checkins.moved(six, from_statuses=[CheckInStatus.SCHEDULED], status=CheckInStatus.OPEN)
    assert not checkins.moved(six, from_statuses=[CheckInStatus.SCHEDULED], status=CheckInStatus.OPEN)
