"""Closing answering rounds: straight to a decision when the panel agrees, into round 2 on the
questions it split on, once only however many race to close; and when everyone is done with one."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.rounds import RoundOutcome, RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import NotAllowed
from flows.loader import FlowCatalog
from storage.models import Dispute, Workshop, WorkshopStatus
from tests.bot.services.conftest import AGREED, FACILITATOR, INVITEES, SPLIT, TEAM, answer_all, dispute_states


def test_agreement_in_round_one_goes_straight_to_a_decision(
    answering: AnswerService, rounds: RoundService, session: Session, workshop: Workshop
) -> None:
    answer_all(answering, session, workshop, AGREED)
    outcome = rounds.close_round(TEAM, workshop.id, by_user=None)
    assert outcome is not None and outcome.recommendation is not None
    assert (outcome.round_closed, outcome.next_status, outcome.disputed_question_ids) == (1, "decided", [])
    assert outcome.recommendation.option_id == "lead"
    assert workshop.decided_at is not None
    assert dispute_states(session) == {}


def test_a_split_panel_opens_round_two_on_the_disputed_questions(
    rounds: RoundService, session: Session, split_workshop: Workshop
) -> None:
    outcome = rounds.close_round(TEAM, split_workshop.id, by_user=FACILITATOR)
    session.commit()
    assert outcome is not None
    assert (outcome.round_closed, outcome.next_status, outcome.recommendation) == (
        1,
        WorkshopStatus.ROUND2,
        None,
    )
    assert outcome.disputed_question_ids == ["capability", "budget"]
    assert dispute_states(session) == {"capability": "open", "budget": "open"}


def test_only_the_facilitator_or_an_admin_closes_a_round(
    workshops: WorkshopService, rounds: RoundService, session: Session, split_workshop: Workshop
) -> None:
    with pytest.raises(NotAllowed, match=f"Only the facilitator <@{FACILITATOR}> can close this workshop"):
        rounds.close_round(TEAM, split_workshop.id, by_user="UCEO")
    assert workshops.get(TEAM, split_workshop.id).status is WorkshopStatus.COLLECTING
    assert rounds.close_round(TEAM, split_workshop.id, by_user="UADMIN", is_admin=True) is not None


def test_a_retried_close_of_round_one_does_not_close_round_two(
    workshops: WorkshopService, rounds: RoundService, in_round_two: Workshop
) -> None:
    assert rounds.close_round(TEAM, in_round_two.id, by_user=FACILITATOR, round=1) is None
    assert workshops.get(TEAM, in_round_two.id).status is WorkshopStatus.ROUND2


def _close_concurrently(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop_id: int
) -> list[RoundOutcome | None]:
    barrier = threading.Barrier(2)
    outcomes: list[RoundOutcome | None] = []
    errors: list[BaseException] = []

    def close() -> None:
        try:
            with session_factory() as session:
                rounds = RoundService(ServiceScope(session, catalog, clock.now))
                barrier.wait()
                outcome = rounds.close_round(TEAM, workshop_id, by_user=None, round=1)
                session.commit()
                outcomes.append(outcome)
        except BaseException as error:  # reported below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return outcomes


def test_of_two_racing_closes_exactly_one_gets_the_outcome(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, split_workshop: Workshop
) -> None:
    outcomes = _close_concurrently(session_factory, catalog, clock, split_workshop.id)
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 2
        assert session.get_one(Workshop, split_workshop.id).status is WorkshopStatus.ROUND2


def test_all_answered_counts_everyone_who_did_not_decline(
    answering: AnswerService, rounds: RoundService, workshop: Workshop
) -> None:
    for user in ("UCEO", "UCTO", "UCFO"):
        answering.record_answers(TEAM, workshop.id, user, {"capability": False, "budget": "small"})
    assert rounds.all_answered(workshop.id, 1) is False
    answering.decline(TEAM, workshop.id, "UPPL")
    assert rounds.all_answered(workshop.id, 1) is True


def test_all_answered_in_round_two_waits_for_everyone_on_every_open_dispute(
    answering: AnswerService, rounds: RoundService, in_round_two: Workshop
) -> None:
    for user in INVITEES[:-1]:
        kept = {"capability": SPLIT[user]["capability"], "budget": SPLIT[user]["budget"]}
        answering.record_answers(TEAM, in_round_two.id, user, kept, round=2)
    assert rounds.all_answered(in_round_two.id, 2) is False
    answering.record_answers(TEAM, in_round_two.id, "UPPL", {"capability": False}, round=2)
    assert rounds.all_answered(in_round_two.id, 2) is False
    answering.record_answers(TEAM, in_round_two.id, "UPPL", {"budget": "small"}, round=2)
    assert rounds.all_answered(in_round_two.id, 2) is True


def test_closing_round_two_marks_revised_disputes_and_leaves_the_rest_to_decide(
    answering: AnswerService, rounds: RoundService, session: Session, in_round_two: Workshop
) -> None:
    answering.record_answers(TEAM, in_round_two.id, "UCFO", {"capability": True}, round=2)
    outcome = rounds.close_round(TEAM, in_round_two.id, by_user=None)
    assert outcome is not None
    assert (outcome.round_closed, outcome.next_status, outcome.disputed_question_ids) == (
        2,
        "deciding",
        ["budget"],
    )
    assert dispute_states(session) == {"capability": "revised", "budget": "open"}
