"""The recommendation: the engine's analysis of a workshop as it stands, what of it may be shown
under the minimum group for anonymous results, and the stored revisions of it. Works inside the
caller's transaction and never commits."""

from __future__ import annotations

from bot.services.panel import build_panel
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.engine import analyse, render_mrkdwn
from flows.engine.anonymity import Withheld, shown_results
from flows.engine.model import Analysis
from storage.models import Confidence, Recommendation, Workshop
from storage.repositories import AnswerRepository, OutcomeRepository


class RecommendationService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self._workshops = WorkshopService(scope)
        self._answers = AnswerRepository(scope.session)
        self._outcomes = OutcomeRepository(scope.session)

    def analyse(self, workshop: Workshop) -> Analysis:
        panel = build_panel(
            self._workshops.participants(workshop.id),
            self._answers.current(workshop.id, 1),
            self._answers.current(workshop.id, 2),
            self._outcomes.disputes(workshop.id),
        )
        return analyse(self._workshops.flow_of(workshop), panel)

    def shown(self, workshop: Workshop, analysis: Analysis) -> Analysis | Withheld:
        """What of the analysis may be shown anywhere, under the minimum group for anonymous results."""
        privacy = self.scope.privacy
        return shown_results(
            analysis,
            anonymous=workshop.anonymous,
            min_answers=privacy.min_answers,
            min_free_text=privacy.min_free_text,
        )

    def recommend(self, workshop: Workshop) -> Recommendation:
        """Analyse the workshop as it stands and store the result as the next recommendation revision."""
        self._workshops.lock(workshop)  # revisions are numbered one writer at a time
        return self.store(workshop, self.analyse(workshop))

    def store(self, workshop: Workshop, analysis: Analysis) -> Recommendation:
        """Store `analysis` as the next recommendation revision; the caller holds the workshop's lock."""
        recommended = analysis.recommendation
        return self._outcomes.add_recommendation(
            Recommendation(
                workshop_id=workshop.id,
                revision=self._outcomes.next_recommendation_revision(workshop.id),
                option_id=recommended.option_id,
                confidence=Confidence(recommended.confidence) if recommended.confidence else None,
                analysis_json=analysis.model_dump(mode="json"),
                summary_mrkdwn=render_mrkdwn(self._workshops.flow_of(workshop), analysis),
                created_at=self.scope.now(),
            )
        )

    def latest_recommendation(self, workshop_id: int) -> Recommendation | None:
        return self._outcomes.latest_recommendation(workshop_id)
