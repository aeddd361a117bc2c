"""The recommendation: each analysis stored as a new revision, naming members by row id only. A
workshop can end with no recommendation (too few answers, or a tie at the top): it is stored as one
naming no option, never refused."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.rounds import RoundService
from flows.engine import render_mrkdwn
from flows.engine.model import Analysis
from flows.schema import Flow
from storage.models import Workshop, WorkshopStatus
from tests.bot.services.conftest import FACILITATOR, INVITEES, TEAM


def test_analysis_names_members_by_row_id_never_by_slack_user(
    disputes: DisputeService, session: Session, deciding: Workshop
) -> None:
    disputes.decide(
        TEAM, deciding.id, "budget", None, "We will learn more after the pilot.", by_user=FACILITATOR
    )
    recommendation = disputes.finish(TEAM, deciding.id, by_user=FACILITATOR)
    stored = str(recommendation.analysis_json) + recommendation.summary_mrkdwn
    assert not [user for user in (*INVITEES, FACILITATOR) if user in stored]


def test_recommend_stores_each_analysis_as_a_new_revision(
    recommendations: RecommendationService, session: Session, split_workshop: Workshop, flow: Flow
) -> None:
    first = recommendations.recommend(split_workshop)
    second = recommendations.recommend(split_workshop)
    session.commit()
    assert (first.revision, second.revision) == (1, 2)
    assert Analysis.model_validate(second.analysis_json) == recommendations.analyse(split_workshop)
    assert second.summary_mrkdwn == render_mrkdwn(flow, recommendations.analyse(split_workshop))


def test_a_round_closed_with_one_answer_stores_a_recommendation_of_no_option(
    answering: AnswerService,
    rounds: RoundService,
    recommendations: RecommendationService,
    session: Session,
    start_workshop: Callable[..., Workshop],
) -> None:
    # Named: an anonymous round with one answer stays open (the minimum group), a named one closes.
    workshop = start_workshop(anonymous=False)
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    session.commit()

    outcome = rounds.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()

    assert outcome is not None and outcome.next_status is WorkshopStatus.DECIDED
    stored = recommendations.latest_recommendation(workshop.id)
    assert stored is not None and (stored.option_id, stored.confidence) == (None, None)
    assert outcome.analysis.recommendation.missing
    assert stored.analysis_json["recommendation"]["missing"] == outcome.analysis.recommendation.missing
