"""Recording answers: append-only revisions, idempotent repeats, refusals that store nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.workshops import WorkshopService
from flows.errors import InvalidAnswer, NotAllowed, NotFound, WrongState
from flows.loader import FlowCatalog
from storage.models import Answer, Participant, ParticipantStatus, Workshop
from tests.bot.services.conftest import FACILITATOR, OTHER_TEAM, TEAM


def _rows(session: Session) -> list[tuple[str, int, int, object]]:
    query = select(Answer.question_id, Answer.round, Answer.revision, Answer.value).order_by(Answer.id)
    return [tuple(row) for row in session.execute(query)]


def _participant(service: WorkshopService, workshop: Workshop, user: str) -> Participant:
    found = service.participant(workshop.id, user)
    assert found is not None
    return found


def test_answers_are_stored_as_first_revisions(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    added = service.record_answers(TEAM, workshop.id, "UCEO", {"capability": "yes", "budget": "large"})
    assert added == 2
    assert _rows(session) == [("capability", 1, 1, True), ("budget", 1, 1, "large")]


def test_a_change_is_a_new_revision_and_the_earlier_answer_stays(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.record_answers(TEAM, workshop.id, "UCEO", {"budget": "large"})
    service.record_answers(
        TEAM, workshop.id, "UCEO", {"budget": "small"}, rationales={"budget": "Cash is short."}
    )
    assert _rows(session) == [("budget", 1, 1, "large"), ("budget", 1, 2, "small")]
    ceo = _participant(service, workshop, "UCEO")
    assert service.current_answers(workshop.id, ceo.id) == {"budget": "small"}
    assert [a.rationale for a in service.answer_history(ceo.id, "budget", 1)] == [None, "Cash is short."]


def test_current_answers_are_each_persons_highest_revision_whatever_the_history(
    service: WorkshopService, workshop: Workshop
) -> None:
    for budget in ("large", "small", "large", "small"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"budget": budget, "capability": "yes"})
    service.record_answers(TEAM, workshop.id, "UCTO", {"budget": "large"})
    service.record_answers(TEAM, workshop.id, "UCTO", {"capability": "no"})
    ceo, cto = _participant(service, workshop, "UCEO"), _participant(service, workshop, "UCTO")
    rows = service.round_answers(workshop.id, 1)
    assert sorted((a.participant_id, a.question_id, a.revision, a.value) for a in rows) == [
        (ceo.id, "budget", 4, "small"),
        (ceo.id, "capability", 1, True),
        (cto.id, "budget", 1, "large"),
        (cto.id, "capability", 1, False),
    ]
    assert service.current_answers(workshop.id, cto.id) == {"budget": "large", "capability": False}
    assert service.round_answers(workshop.id, 2) == []


def test_repeating_the_current_answer_adds_nothing(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Why."})
    assert service.record_answers(TEAM, workshop.id, "UCEO", {"capability": "yes"}) == 0
    assert (
        service.record_answers(
            TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Why."}
        )
        == 0
    )
    assert len(_rows(session)) == 1


def test_a_new_rationale_for_the_same_answer_is_a_new_revision(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    assert (
        service.record_answers(
            TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Because."}
        )
        == 1
    )
    assert [r[2] for r in _rows(session)] == [1, 2]


def test_an_invalid_answer_stores_nothing_not_even_the_valid_ones(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    with pytest.raises(InvalidAnswer, match="question 'budget': expected one of small, large"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "enormous"})
    with pytest.raises(InvalidAnswer, match="has no question 'salary'"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"salary": 3})
    with pytest.raises(InvalidAnswer, match="rationale was given for question 'budget' without an answer"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"budget": "Hm."})
    session.commit()
    assert _rows(session) == []
    assert _participant(service, workshop, "UCEO").status is ParticipantStatus.INVITED


def test_someone_not_invited_may_not_answer(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    with pytest.raises(NotAllowed, match=f"not invited to workshop {workshop.id}.*<@{FACILITATOR}>"):
        service.record_answers(TEAM, workshop.id, FACILITATOR, {"capability": True})
    assert _rows(session) == []


def test_another_workspace_cannot_answer_and_nothing_changes(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    with pytest.raises(NotFound):
        service.record_answers(OTHER_TEAM, workshop.id, "UCEO", {"capability": True})
    with pytest.raises(NotFound):
        service.decline(OTHER_TEAM, workshop.id, "UCEO")
    with pytest.raises(NotFound):
        service.close_round(OTHER_TEAM, workshop.id, by_user=None)
    with pytest.raises(NotFound):
        service.cancel(OTHER_TEAM, workshop.id, by_user=FACILITATOR, is_admin=True)
    session.commit()
    assert _rows(session) == []
    assert _participant(service, workshop, "UCEO").status is ParticipantStatus.INVITED
    assert service.get(TEAM, workshop.id).status == "collecting"


def test_status_follows_the_required_questions_on_the_persons_own_path(
    service: WorkshopService, workshop: Workshop, clock: ManualClock
) -> None:
    ceo = _participant(service, workshop, "UCEO")
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    assert ceo.status is ParticipantStatus.ANSWERING  # `ml_team` is shown after a yes and is required
    service.record_answers(TEAM, workshop.id, "UCEO", {"ml_team": False})
    assert (ceo.status, ceo.answered_at) == (ParticipantStatus.ANSWERED, clock.now())
    assert service.all_answered(workshop.id, 1) is False
    cfo = _participant(service, workshop, "UCFO")
    service.record_answers(TEAM, workshop.id, "UCFO", {"capability": False, "budget": "small"})
    assert cfo.status is ParticipantStatus.ANSWERED  # `ml_team` is hidden after a no


def test_all_answered_counts_everyone_who_did_not_decline(
    service: WorkshopService, workshop: Workshop
) -> None:
    for user in ("UCEO", "UCTO", "UCFO"):
        service.record_answers(TEAM, workshop.id, user, {"capability": False, "budget": "small"})
    assert service.all_answered(workshop.id, 1) is False
    service.decline(TEAM, workshop.id, "UPPL")
    assert service.all_answered(workshop.id, 1) is True


def test_a_declined_person_may_not_answer_and_declining_twice_is_harmless(
    service: WorkshopService, session: Session, workshop: Workshop
) -> None:
    service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    service.decline(TEAM, workshop.id, "UCEO")
    service.decline(TEAM, workshop.id, "UCEO")
    session.commit()
    assert _participant(service, workshop, "UCEO").status is ParticipantStatus.DECLINED
    with pytest.raises(NotAllowed, match="You declined workshop"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"capability": False})
    assert _rows(session) == [("capability", 1, 1, True)]  # what was stored stays


def test_answers_after_the_round_closed_are_refused_with_the_date(
    service: WorkshopService, session: Session, start_workshop: Callable[..., Workshop]
) -> None:
    # Named: an anonymous round would stay open with one answer (the minimum group).
    workshop = start_workshop(anonymous=False)
    service.record_answers(
        TEAM, workshop.id, "UCEO", {"capability": True, "ml_team": True, "budget": "large"}
    )
    service.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()
    with pytest.raises(
        WrongState, match="answering round closed on 2026-11-10; answers can no longer be changed"
    ):
        service.record_answers(TEAM, workshop.id, "UCEO", {"budget": "small"})
    with pytest.raises(WrongState, match="closed on 2026-11-10"):
        service.decline(TEAM, workshop.id, "UCTO")
    assert len(_rows(session)) == 3


def test_round_two_is_refused_before_it_opens(service: WorkshopService, workshop: Workshop) -> None:
    with pytest.raises(WrongState, match="second round has not started"):
        service.record_answers(TEAM, workshop.id, "UCEO", {"capability": True}, round=2)


def test_a_decline_that_lands_first_is_not_undone_by_answers_from_an_older_view(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    with session_factory() as answering, session_factory() as declining:
        stale = WorkshopService(answering, catalog, clock.now)
        held = stale.participant(workshop.id, "UCEO")  # held, so the session keeps it as invited
        WorkshopService(declining, catalog, clock.now).decline(TEAM, workshop.id, "UCEO")
        declining.commit()
        with pytest.raises(NotAllowed, match="You declined workshop"):
            stale.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        answering.rollback()
        assert _rows(answering) == []
        assert held is not None and held.status is ParticipantStatus.DECLINED
