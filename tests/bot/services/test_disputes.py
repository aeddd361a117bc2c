"""Disputes and the facilitator's word on them: each settled, or left open on purpose, with a
rationale; earlier settlements kept as history; finishing once every one is settled."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from flows.engine import render_mrkdwn
from flows.engine.model import Analysis
from flows.errors import InvalidAnswer, NotAllowed, NotFound, WorkshopError, WrongState
from flows.schema import Flow
from storage.models import DisputeStatus, Resolution, Workshop, WorkshopStatus
from tests.bot.services.conftest import FACILITATOR, TEAM, dispute_states


def test_finishing_needs_every_dispute_settled(disputes: DisputeService, deciding: Workshop) -> None:
    with pytest.raises(WrongState, match="1 disputed question\\(s\\) are not settled yet: budget"):
        disputes.finish(TEAM, deciding.id, by_user=FACILITATOR)


def test_the_facilitator_decides_then_finishes_with_a_recommendation(
    workshops: WorkshopService,
    disputes: DisputeService,
    recommendations: RecommendationService,
    session: Session,
    deciding: Workshop,
    flow: Flow,
) -> None:
    disputes.decide(TEAM, deciding.id, "budget", "small", "Cash comes first this year.", by_user=FACILITATOR)
    recommendation = disputes.finish(TEAM, deciding.id, by_user=FACILITATOR)
    session.commit()
    assert dispute_states(session)["budget"] is DisputeStatus.DECIDED
    assert workshops.get(TEAM, deciding.id).status is WorkshopStatus.DECIDED
    analysis = Analysis.model_validate(recommendation.analysis_json)
    assert analysis.recommendation.option_id == recommendation.option_id
    assert recommendation.confidence == analysis.recommendation.confidence
    assert recommendation.summary_mrkdwn == render_mrkdwn(flow, analysis)
    budget = next(q for q in analysis.questions if q.question_id == "budget")
    assert budget.resolution == "decided"
    assert recommendations.latest_recommendation(deciding.id) == recommendation


def test_leaving_a_question_open_is_a_decision_with_a_rationale(
    disputes: DisputeService, session: Session, deciding: Workshop
) -> None:
    with pytest.raises(WorkshopError, match="needs a rationale"):
        disputes.decide(TEAM, deciding.id, "budget", None, "   ", by_user=FACILITATOR)
    disputes.decide(
        TEAM, deciding.id, "budget", None, "We will learn more after the pilot.", by_user=FACILITATOR
    )
    session.commit()
    assert dispute_states(session)["budget"] is DisputeStatus.LEFT_OPEN
    resolution = session.scalars(select(Resolution)).one()
    assert (resolution.value, resolution.decided_by) == (None, FACILITATOR)


def test_a_later_change_keeps_the_history_and_revises_the_recommendation(
    disputes: DisputeService, recommendations: RecommendationService, session: Session, deciding: Workshop
) -> None:
    disputes.decide(TEAM, deciding.id, "budget", "small", "Cash comes first.", by_user=FACILITATOR)
    first = disputes.finish(TEAM, deciding.id, by_user=FACILITATOR)
    disputes.decide(TEAM, deciding.id, "budget", "large", "The board raised the budget.", by_user=FACILITATOR)
    session.commit()
    history = session.scalars(select(Resolution.value).order_by(Resolution.id)).all()
    assert history == ["small", "large"]
    latest = recommendations.latest_recommendation(deciding.id)
    assert latest is not None and (first.revision, latest.revision) == (1, 2)


@pytest.mark.parametrize(
    ("question_id", "value", "by_user", "error", "message"),
    [
        ("budget", "small", "UCEO", NotAllowed, "Only the facilitator"),
        (
            "notes",
            "x",
            FACILITATOR,
            NotFound,
            "'notes' is not disputed.*Settle one of the disputed questions",
        ),
        ("budget", "medium", FACILITATOR, InvalidAnswer, "expected one of small, large"),
    ],
)
def test_a_bad_decision_is_refused_and_stores_nothing(
    disputes: DisputeService,
    session: Session,
    deciding: Workshop,
    question_id: str,
    value: object,
    by_user: str,
    error: type,
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        disputes.decide(TEAM, deciding.id, question_id, value, "Because.", by_user=by_user)
    assert session.scalars(select(Resolution)).all() == []


def test_no_decisions_before_round_one_closes(disputes: DisputeService, workshop: Workshop) -> None:
    with pytest.raises(WrongState, match="no disputed questions yet"):
        disputes.decide(TEAM, workshop.id, "budget", "small", "Because.", by_user=FACILITATOR)
