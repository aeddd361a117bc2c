"""What round 2 and the facilitator are shown: the round-1 picture of each disputed question.

Participants see the previous round's anonymous result, as the Delphi method prescribes, not a
distribution that moves while others revise (which would reward answering last)."""

from __future__ import annotations

from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.panel import build_panel
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from flows.engine import analyse
from flows.engine.anonymity import Withheld
from flows.engine.model import Analysis, QuestionResult
from storage.models import DisputeStatus, Workshop


def round1_analysis(workshops: WorkshopService, workshop: Workshop) -> Analysis:
    participants = workshops.participants(workshop.id)
    panel = build_panel(participants, AnswerService(workshops.scope).round_answers(workshop.id, 1), [], [])
    return analyse(workshops.flow_of(workshop), panel)


def disputed_results(workshops: WorkshopService, workshop: Workshop) -> list[QuestionResult]:
    """Round 1's disputed questions as round 2 may show them (the minimum group for anonymity)."""
    recommendations = RecommendationService(workshops.scope)
    shown = recommendations.shown(workshop, round1_analysis(workshops, workshop))
    if isinstance(shown, Withheld):
        return []
    return [q for q in shown.questions if q.disputed]


def open_disputes(workshops: WorkshopService, workshop: Workshop) -> list[QuestionResult]:
    """The disputes the facilitator still has to settle, with the latest (round-2) picture."""
    disputes = DisputeService(workshops.scope).disputes(workshop.id)
    still_open = {d.question_id for d in disputes if d.status is DisputeStatus.OPEN}
    return [q for q in _shown_now(workshops, workshop) if q.question_id in still_open]


def revisitable_disputes(workshops: WorkshopService, workshop: Workshop) -> list[QuestionResult]:
    """After the decision: the disputes the facilitator settled or left open, which they may change."""
    settled = {
        d.question_id
        for d in DisputeService(workshops.scope).disputes(workshop.id)
        if d.status in (DisputeStatus.DECIDED, DisputeStatus.LEFT_OPEN, DisputeStatus.OPEN)
    }
    return [q for q in _shown_now(workshops, workshop) if q.question_id in settled]


def _shown_now(workshops: WorkshopService, workshop: Workshop) -> list[QuestionResult]:
    # A round closes only with enough answers to show (`close_round`), so nothing is withheld here
    # but free text and reasons from too few people.
    recommendations = RecommendationService(workshops.scope)
    shown = recommendations.shown(workshop, recommendations.analyse(workshop))
    return [] if isinstance(shown, Withheld) else shown.questions
