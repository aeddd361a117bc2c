"""Retention: a decided workshop's answers and free text go once it is older than RETENTION_MONTHS
and its check-ins are done; the decision record stays (recommendation, scores, disputes and how the
facilitator resolved them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.retention import due_for_purge, purge
from bot.services.rounds import RoundService
from bot.services.scheduling import schedule_checkins
from bot.services.scope import ServiceScope
from flows.errors import WrongState
from storage.models import Answer, CheckIn, CheckInStatus, Dispute, Recommendation, Resolution, Workshop
from tests.bot.services.conftest import FACILITATOR, INVITEES, SPLIT, TEAM

MONTHS = 12
NOTE = "Only the notes of {user} say this"


def decided_with_a_settled_dispute(scope: ServiceScope, start_workshop: Callable[..., Workshop]) -> Workshop:
    """Four answer (split on two questions, each with free text); round 2 changes nothing; the
    facilitator settles both disputes with a rationale and finishes."""
    workshop = start_workshop()
    for user, answers in SPLIT.items():
        AnswerService(scope).record_answers(
            TEAM, workshop.id, user, answers | {"notes": NOTE.format(user=user)}
        )
    RoundService(scope).close_round(TEAM, workshop.id, by_user=FACILITATOR)
    RoundService(scope).close_round(TEAM, workshop.id, by_user=FACILITATOR)
    disputes = DisputeService(scope)
    for question, value in (("capability", True), ("budget", "large")):
        disputes.decide(TEAM, workshop.id, question, value, "The board decided", by_user=FACILITATOR)
    disputes.finish(TEAM, workshop.id, by_user=FACILITATOR)
    schedule_checkins(scope.session, workshop)
    scope.session.commit()
    return workshop


def answers_of(session: Session, workshop: Workshop) -> int:
    return session.scalar(select(func.count(Answer.id)).where(Answer.workshop_id == workshop.id)) or 0


def finish_checkins(session: Session, workshop: Workshop) -> None:
    for checkin in session.scalars(select(CheckIn).where(CheckIn.workshop_id == workshop.id)):
        checkin.status = CheckInStatus.SUMMARISED
        checkin.summary_json = {
            "criteria": [{"id": "shipped", "text": "Shipped", "notes": ["A rater's note"]}]
        }
    session.commit()


def test_answers_are_kept_until_the_months_have_passed_and_the_checkins_are_done(
    scope: ServiceScope, session: Session, start_workshop: Callable[..., Workshop], clock: ManualClock
) -> None:
    workshop = decided_with_a_settled_dispute(scope, start_workshop)
    clock.advance(timedelta(days=360))
    assert due_for_purge(session, clock.now(), MONTHS) == []
    clock.advance(timedelta(days=10))  # a year after the decision; its 12-month check-in is still to come
    assert due_for_purge(session, clock.now(), MONTHS) == []
    finish_checkins(session, workshop)
    assert [w.id for w in due_for_purge(session, clock.now(), MONTHS)] == [workshop.id]


def test_a_purge_takes_answers_and_free_text_and_keeps_the_decision_record(
    scope: ServiceScope,
    disputes: DisputeService,
    recommendations: RecommendationService,
    session: Session,
    start_workshop: Callable[..., Workshop],
    clock: ManualClock,
) -> None:
    workshop = decided_with_a_settled_dispute(scope, start_workshop)
    finish_checkins(session, workshop)
    before = recommendations.latest_recommendation(workshop.id)
    assert before is not None and NOTE.format(user="UCEO") in before.summary_mrkdwn
    kept = (before.option_id, before.confidence, before.analysis_json["scores"])
    clock.advance(timedelta(days=400))

    would = purge(session, due_for_purge(session, clock.now(), MONTHS), clock.now(), dry_run=True)
    session.commit()
    assert (would.workshops, would.answers) == (1, answers_of(session, workshop)) and would.answers > 0

    done = purge(session, due_for_purge(session, clock.now(), MONTHS), clock.now())
    session.commit()
    assert done == would
    assert answers_of(session, workshop) == 0
    for recommendation in session.scalars(
        select(Recommendation).where(Recommendation.workshop_id == workshop.id)
    ):
        assert "Only the notes of" not in recommendation.summary_mrkdwn
        assert all(
            q["free_text"] == [] and q["rationales"] == [] for q in recommendation.analysis_json["questions"]
        )
    after = recommendations.latest_recommendation(workshop.id)
    assert after is not None and (after.option_id, after.confidence, after.analysis_json["scores"]) == kept
    kept_disputes = session.scalars(select(Dispute).where(Dispute.workshop_id == workshop.id)).all()
    assert len(kept_disputes) == 2
    rationales = session.scalars(
        select(Resolution.rationale).join(Dispute).where(Dispute.workshop_id == workshop.id)
    )
    assert set(rationales) == {"The board decided"}
    checkin = session.scalars(select(CheckIn).where(CheckIn.workshop_id == workshop.id)).one()
    assert checkin.summary_json is not None and checkin.summary_json["criteria"][0]["notes"] == []

    # Done once: nothing more to purge, and the record cannot be recomputed from answers it lacks.
    assert due_for_purge(session, clock.now() + timedelta(days=30), MONTHS) == []
    with pytest.raises(WrongState, match="purged"):
        disputes.decide(TEAM, workshop.id, "capability", False, "Changed our minds", by_user=FACILITATOR)


def test_a_purge_leaves_other_workshops_alone(
    scope: ServiceScope,
    answering: AnswerService,
    session: Session,
    start_workshop: Callable[..., Workshop],
    clock: ManualClock,
) -> None:
    old = decided_with_a_settled_dispute(scope, start_workshop)
    finish_checkins(session, old)
    clock.advance(timedelta(days=400))
    running = start_workshop(deadline=clock.now() + timedelta(days=3))
    answering.record_answers(TEAM, running.id, INVITEES[0], {"capability": True, "notes": "still running"})
    session.commit()
    purge(session, due_for_purge(session, clock.now(), MONTHS), clock.now())
    session.commit()
    assert answers_of(session, old) == 0 and answers_of(session, running) == 2
