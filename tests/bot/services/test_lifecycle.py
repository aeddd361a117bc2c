"""Ending workshops: cancelling one, and erasing a whole workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.workshops import WorkshopService
from flows.errors import NotAllowed, WrongState
from storage.models import (
    Answer,
    CheckIn,
    CheckInStatus,
    Dispute,
    Participant,
    Recommendation,
    Resolution,
    ScheduledItem,
    ScheduledState,
    Workshop,
    WorkshopStatus,
)
from tests.bot.services.conftest import AGREED, FACILITATOR, OTHER_TEAM, SPLIT, START, TEAM, answer_all


def _scheduled(workshop: Workshop, key: str, state: ScheduledState) -> ScheduledItem:
    return ScheduledItem(
        workshop_id=workshop.id,
        team_id=workshop.team_id,
        kind="reminder",
        dedupe_key=key,
        due_at=START,
        state=state,
    )


def test_cancelling_stops_pending_work_and_keeps_what_was_stored(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    session.add_all(
        [
            _scheduled(workshop, "due", ScheduledState.PENDING),
            _scheduled(workshop, "sent", ScheduledState.DONE),
        ]
    )
    session.add(CheckIn(workshop_id=workshop.id, months=12, due_at=START + timedelta(days=365)))
    session.commit()
    service.cancel(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()
    session.expire_all()
    assert service.get(TEAM, workshop.id).status is WorkshopStatus.CANCELLED
    states = dict(session.execute(select(ScheduledItem.dedupe_key, ScheduledItem.state)).all())
    assert states == {"due": ScheduledState.CANCELLED, "sent": ScheduledState.DONE}
    assert session.scalars(select(CheckIn.status)).all() == [CheckInStatus.CANCELLED]
    assert session.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_cancelled_workshop_refuses_answers_and_a_second_cancel(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.cancel(TEAM, workshop.id, by_user="UADMIN", is_admin=True)
    session.commit()
    with pytest.raises(WrongState, match="was cancelled; it takes no more answers"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    with pytest.raises(WrongState, match="was cancelled, so you cannot cancel it"):
        service.cancel(TEAM, workshop.id, by_user=FACILITATOR)


def test_only_the_facilitator_or_an_admin_cancels(service: WorkshopService, workshop: Workshop) -> None:
    with pytest.raises(NotAllowed, match=f"Only the facilitator <@{FACILITATOR}> can cancel this workshop"):
        service.cancel(TEAM, workshop.id, by_user="UCEO")
    assert service.get(TEAM, workshop.id).status is WorkshopStatus.COLLECTING


def test_a_decided_workshop_cannot_be_cancelled(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    answer_all(service, session, workshop, AGREED)
    service.close_round(TEAM, workshop.id, by_user=None)
    with pytest.raises(WrongState, match="was decided on 2026-11-10, so you cannot cancel it"):
        service.cancel(TEAM, workshop.id, by_user=FACILITATOR)


def _counts(session: Session) -> dict[str, int]:
    tables = (Workshop, Participant, Answer, Dispute, Resolution, Recommendation, ScheduledItem)
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables}


def _fill(service: WorkshopService, session: Session, workshop: Workshop) -> None:
    """A workshop with something in every table: answers, disputes, a resolution, a recommendation."""
    for user, answers in SPLIT.items():
        service.record_answers(workshop.team_id, workshop.id, user, answers)
    service.close_round(workshop.team_id, workshop.id, by_user=None)
    service.decide(workshop.team_id, workshop.id, "budget", "small", "Cash first.", by_user=FACILITATOR)
    service.recommend(workshop)
    session.add(_scheduled(workshop, f"due-{workshop.id}", ScheduledState.PENDING))
    session.commit()


def test_deleting_a_workspace_erases_everything_under_it_and_nothing_else(
    service: WorkshopService, session: Session, start_workshop: Callable[..., Workshop]
) -> None:
    _fill(service, session, start_workshop(team_id=OTHER_TEAM))
    theirs_only = _counts(session)
    _fill(service, session, start_workshop())
    _fill(service, session, start_workshop())
    session.add(ScheduledItem(team_id=TEAM, kind="digest", dedupe_key="weekly", due_at=START))
    session.commit()

    assert service.delete_team(TEAM) == 2
    session.commit()

    assert _counts(session) == theirs_only
    assert all(count > 0 for count in theirs_only.values())
    assert session.scalars(select(Workshop.team_id)).all() == [OTHER_TEAM]
