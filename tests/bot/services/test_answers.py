"""Recording answers: append-only revisions, idempotent repeats, refusals that store nothing; round
2's revisions of round 1; and the workshop's lock, which answers take shared and closing takes
exclusively: raced for real, with one session per racer. A close waits for the answers in flight and
counts them; an answer that arrives while a close is in flight waits and is then refused; on
PostgreSQL people answering at once do not wait for each other (SQLite has one writer, so there they
take turns)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import InvalidAnswer, NotAllowed, NotFound, WrongState
from flows.loader import FlowCatalog
from storage.models import Answer, Participant, ParticipantStatus, Workshop
from tests.bot.services.conftest import FACILITATOR, OTHER_TEAM, TEAM


def _rows(session: Session) -> list[tuple[str, int, int, object]]:
    query = select(Answer.question_id, Answer.round, Answer.revision, Answer.value).order_by(Answer.id)
    return [tuple(row) for row in session.execute(query)]


def _participant(workshops: WorkshopService, workshop: Workshop, user: str) -> Participant:
    found = workshops.participant(workshop.id, user)
    assert found is not None
    return found


def test_answers_are_stored_as_first_revisions(
    answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    added = answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": "yes", "budget": "large"})
    assert added == 2
    assert _rows(session) == [("capability", 1, 1, True), ("budget", 1, 1, "large")]


def test_a_change_is_a_new_revision_and_the_earlier_answer_stays(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(TEAM, workshop.id, "UCEO", {"budget": "large"})
    answering.record_answers(
        TEAM, workshop.id, "UCEO", {"budget": "small"}, rationales={"budget": "Cash is short."}
    )
    assert _rows(session) == [("budget", 1, 1, "large"), ("budget", 1, 2, "small")]
    ceo = _participant(workshops, workshop, "UCEO")
    assert answering.current_answers(workshop.id, ceo.id) == {"budget": "small"}
    assert [a.rationale for a in answering.answer_history(ceo.id, "budget", 1)] == [None, "Cash is short."]


def test_current_answers_are_each_persons_highest_revision_whatever_the_history(
    workshops: WorkshopService, answering: AnswerService, workshop: Workshop
) -> None:
    for budget in ("large", "small", "large", "small"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"budget": budget, "capability": "yes"})
    answering.record_answers(TEAM, workshop.id, "UCTO", {"budget": "large"})
    answering.record_answers(TEAM, workshop.id, "UCTO", {"capability": "no"})
    ceo, cto = _participant(workshops, workshop, "UCEO"), _participant(workshops, workshop, "UCTO")
    rows = answering.round_answers(workshop.id, 1)
    assert sorted((a.participant_id, a.question_id, a.revision, a.value) for a in rows) == [
        (ceo.id, "budget", 4, "small"),
        (ceo.id, "capability", 1, True),
        (cto.id, "budget", 1, "large"),
        (cto.id, "capability", 1, False),
    ]
    assert answering.current_answers(workshop.id, cto.id) == {"budget": "large", "capability": False}
    assert answering.round_answers(workshop.id, 2) == []


def test_repeating_the_current_answer_adds_nothing(
    answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(
        TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Why."}
    )
    assert answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": "yes"}) == 0
    assert (
        answering.record_answers(
            TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Why."}
        )
        == 0
    )
    assert len(_rows(session)) == 1


def test_a_new_rationale_for_the_same_answer_is_a_new_revision(
    answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    assert (
        answering.record_answers(
            TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"capability": "Because."}
        )
        == 1
    )
    assert [r[2] for r in _rows(session)] == [1, 2]


def test_an_invalid_answer_stores_nothing_not_even_the_valid_ones(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    with pytest.raises(InvalidAnswer, match="question 'budget': expected one of small, large"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "enormous"})
    with pytest.raises(InvalidAnswer, match="has no question 'salary'"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"salary": 3})
    with pytest.raises(InvalidAnswer, match="rationale was given for question 'budget' without an answer"):
        answering.record_answers(
            TEAM, workshop.id, "UCEO", {"capability": True}, rationales={"budget": "Hm."}
        )
    session.commit()
    assert _rows(session) == []
    assert _participant(workshops, workshop, "UCEO").status is ParticipantStatus.INVITED


def test_someone_not_invited_may_not_answer(
    answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    with pytest.raises(NotAllowed, match=f"not invited to workshop {workshop.id}.*<@{FACILITATOR}>"):
        answering.record_answers(TEAM, workshop.id, FACILITATOR, {"capability": True})
    assert _rows(session) == []


def test_another_workspace_cannot_answer_and_nothing_changes(
    workshops: WorkshopService,
    answering: AnswerService,
    rounds: RoundService,
    session: Session,
    workshop: Workshop,
) -> None:
    with pytest.raises(NotFound):
        answering.record_answers(OTHER_TEAM, workshop.id, "UCEO", {"capability": True})
    with pytest.raises(NotFound):
        answering.decline(OTHER_TEAM, workshop.id, "UCEO")
    with pytest.raises(NotFound):
        rounds.close_round(OTHER_TEAM, workshop.id, by_user=None)
    with pytest.raises(NotFound):
        workshops.cancel(OTHER_TEAM, workshop.id, by_user=FACILITATOR, is_admin=True)
    session.commit()
    assert _rows(session) == []
    assert _participant(workshops, workshop, "UCEO").status is ParticipantStatus.INVITED
    assert workshops.get(TEAM, workshop.id).status == "collecting"


def test_status_follows_the_required_questions_on_the_persons_own_path(
    workshops: WorkshopService,
    answering: AnswerService,
    rounds: RoundService,
    workshop: Workshop,
    clock: ManualClock,
) -> None:
    ceo = _participant(workshops, workshop, "UCEO")
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    assert ceo.status is ParticipantStatus.ANSWERING  # `ml_team` is shown after a yes and is required
    answering.record_answers(TEAM, workshop.id, "UCEO", {"ml_team": False})
    assert (ceo.status, ceo.answered_at) == (ParticipantStatus.ANSWERED, clock.now())
    assert rounds.all_answered(workshop.id, 1) is False
    cfo = _participant(workshops, workshop, "UCFO")
    answering.record_answers(TEAM, workshop.id, "UCFO", {"capability": False, "budget": "small"})
    assert cfo.status is ParticipantStatus.ANSWERED  # `ml_team` is hidden after a no


def test_a_declined_person_may_not_answer_and_declining_twice_is_harmless(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
    answering.decline(TEAM, workshop.id, "UCEO")
    answering.decline(TEAM, workshop.id, "UCEO")
    session.commit()
    assert _participant(workshops, workshop, "UCEO").status is ParticipantStatus.DECLINED
    with pytest.raises(NotAllowed, match="You declined workshop"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": False})
    assert _rows(session) == [("capability", 1, 1, True)]  # what was stored stays


def test_answers_after_the_round_closed_are_refused_with_the_date(
    answering: AnswerService, rounds: RoundService, session: Session, start_workshop: Callable[..., Workshop]
) -> None:
    # Named: an anonymous round would stay open with one answer (the minimum group).
    workshop = start_workshop(anonymous=False)
    answering.record_answers(
        TEAM, workshop.id, "UCEO", {"capability": True, "ml_team": True, "budget": "large"}
    )
    rounds.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()
    with pytest.raises(
        WrongState, match="answering round closed on 2026-11-10; answers can no longer be changed"
    ):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"budget": "small"})
    with pytest.raises(WrongState, match="closed on 2026-11-10"):
        answering.decline(TEAM, workshop.id, "UCTO")
    assert len(_rows(session)) == 3


def test_round_two_is_refused_before_it_opens(answering: AnswerService, workshop: Workshop) -> None:
    with pytest.raises(WrongState, match="second round has not started"):
        answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True}, round=2)


def test_a_decline_that_lands_first_is_not_undone_by_answers_from_an_older_view(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    with session_factory() as answerer, session_factory() as decliner:
        stale = ServiceScope(answerer, catalog, clock.now)
        held = WorkshopService(stale).participant(workshop.id, "UCEO")  # held: the session keeps it invited
        AnswerService(ServiceScope(decliner, catalog, clock.now)).decline(TEAM, workshop.id, "UCEO")
        decliner.commit()
        with pytest.raises(NotAllowed, match="You declined workshop"):
            AnswerService(stale).record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        answerer.rollback()
        assert _rows(answerer) == []
        assert held is not None and held.status is ParticipantStatus.DECLINED


# Round 2


def test_round_two_revisions_are_kept_alongside_round_one(
    workshops: WorkshopService, answering: AnswerService, session: Session, in_round_two: Workshop
) -> None:
    cfo = workshops.participant(in_round_two.id, "UCFO")
    assert cfo is not None
    added = answering.record_answers(
        TEAM,
        in_round_two.id,
        "UCFO",
        {"capability": "yes"},
        round=2,
        rationales={"capability": "Fair point."},
    )
    session.commit()
    assert added == 1
    assert answering.current_answers(in_round_two.id, cfo.id, 1) == {"capability": False, "budget": "small"}
    assert answering.current_answers(in_round_two.id, cfo.id, 2) == {"capability": True}
    rows = session.execute(select(Answer.round, Answer.value).where(Answer.question_id == "capability"))
    assert sorted((round_, value) for round_, value in rows) == [
        (1, False),
        (1, False),
        (1, True),
        (1, True),
        (2, True),
    ]


def test_round_two_takes_only_the_disputed_questions(
    answering: AnswerService, in_round_two: Workshop
) -> None:
    with pytest.raises(InvalidAnswer, match="'notes' is not one of them"):
        answering.record_answers(TEAM, in_round_two.id, "UCFO", {"notes": "More."}, round=2)


# The workshop's lock

HELD_S = 0.5  # how long the first racer keeps its transaction open
WAIT_S = 15.0  # at most, for the second racer once the first has committed


class Racer:
    """`act(scope)` then a commit, in a thread and a session of its own."""

    def __init__(self, sessions: sessionmaker[Session], scope: Callable[[Session], ServiceScope]) -> None:
        self.sessions, self.scope = sessions, scope
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self, act: Callable[[ServiceScope], Any]) -> Racer:
        def run() -> None:
            with self.sessions() as session:
                try:
                    self.result = act(self.scope(session))
                    session.commit()
                except BaseException as error:  # handed to the test's thread
                    self.error = error
                finally:
                    self.done.set()

        threading.Thread(target=run, daemon=True).start()
        return self

    def finished(self) -> Any:
        assert self.done.wait(WAIT_S), "the second racer never finished"
        if self.error is not None:
            raise self.error
        return self.result


def _scopes(catalog: FlowCatalog, clock: ManualClock) -> Callable[[Session], ServiceScope]:
    return lambda session: ServiceScope(session, catalog, clock.now)


def test_a_close_waits_for_answers_in_flight_and_counts_them(
    session_factory: sessionmaker[Session],
    catalog: FlowCatalog,
    clock: ManualClock,
    start_workshop: Callable[..., Workshop],
) -> None:
    # Named: an anonymous round would stay open with one answer (the minimum group).
    workshop = start_workshop(anonymous=False)
    scopes = _scopes(catalog, clock)
    with session_factory() as answerer:
        AnswerService(scopes(answerer)).record_answers(
            TEAM, workshop.id, "UCEO", {"capability": False, "budget": "small"}
        )
        closing = Racer(session_factory, scopes).start(
            lambda scope: RoundService(scope).close_round(TEAM, workshop.id, by_user=FACILITATOR)
        )
        assert not closing.done.wait(HELD_S), "the close went ahead while answers were being stored"
        answerer.commit()
    outcome = closing.finished()
    assert outcome is not None and outcome.analysis.participation.answered == 1


def test_an_answer_arriving_while_a_close_is_in_flight_waits_and_is_refused(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    scopes = _scopes(catalog, clock)
    with session_factory() as closing:
        assert RoundService(scopes(closing)).close_round(TEAM, workshop.id, by_user=FACILITATOR) is not None
        late_answer = Racer(session_factory, scopes).start(
            lambda scope: AnswerService(scope).record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        )
        assert not late_answer.done.wait(HELD_S), "an answer was taken while the round was closing"
        closing.commit()
    try:
        late_answer.finished()
    except WrongState as refused:
        assert "closed on" in str(refused)
    else:
        raise AssertionError("an answer landed after the round closed")


def test_people_answering_at_once_wait_for_each_other_only_on_sqlite(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    scopes = _scopes(catalog, clock)
    with session_factory() as first:
        AnswerService(scopes(first)).record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        second = Racer(session_factory, scopes).start(
            lambda scope: AnswerService(scope).record_answers(
                TEAM, workshop.id, "UCTO", {"capability": False}
            )
        )
        went_ahead = second.done.wait(HELD_S)
        first.commit()
        assert second.finished() == 1
        one_writer = first.get_bind().dialect.name == "sqlite"
    assert went_ahead is not one_writer, "PostgreSQL answers share the lock; SQLite's writers take turns"
