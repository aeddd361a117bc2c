"""Disputes, the questions round 1 split the panel on, and the facilitator's word on them: settling
each (or leaving it open on purpose), then finishing the decision. Works inside the caller's
transaction and never commits."""

from __future__ import annotations

from bot.services.answering import MAX_RATIONALE
from bot.services.guards import require_active, require_facilitator
from bot.services.recommendations import RecommendationService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.engine import parse_answer
from flows.errors import NotFound, WorkshopError, WrongState
from storage.models import Dispute, DisputeStatus, Recommendation, Resolution, WorkshopStatus
from storage.repositories import OutcomeRepository


class DisputeService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self._workshops = WorkshopService(scope)
        self._recommendations = RecommendationService(scope)
        self._outcomes = OutcomeRepository(scope.session)

    def disputes(self, workshop_id: int) -> list[Dispute]:
        return self._outcomes.disputes(workshop_id)

    def decide(
        self,
        team_id: str,
        workshop_id: int,
        question_id: str,
        value: object | None,
        rationale: str,
        *,
        by_user: str,
        is_admin: bool = False,
    ) -> None:
        """The facilitator settles a disputed question, or with `value` None leaves it open on purpose.
        Earlier settlements are kept as history; the latest counts."""
        workshop = self._workshops.get(team_id, workshop_id)
        require_facilitator(workshop, by_user, is_admin, "settle questions in")
        can_decide = (WorkshopStatus.ROUND2, WorkshopStatus.DECIDING, WorkshopStatus.DECIDED)
        if workshop.status not in can_decide:
            require_active(workshop, "settle questions in")
            raise WrongState(
                "This workshop has no disputed questions yet.", "Close the first round to find them."
            )
        if workshop.answers_purged_at is not None:
            raise WrongState(
                f"Workshop #{workshop.id}'s answers were purged on {workshop.answers_purged_at:%Y-%m-%d} "
                "(RETENTION_MONTHS); its decision record stands as it is.",
            )
        disputes = self._outcomes.disputes(workshop.id)
        dispute = next((d for d in disputes if d.question_id == question_id), None)
        if dispute is None:
            listed = ", ".join(d.question_id for d in disputes) or "none"
            raise NotFound(
                f"Question '{question_id}' is not disputed in this workshop.",
                f"Settle one of the disputed questions: {listed}.",
            )
        note = rationale.strip()
        if not note or len(note) > MAX_RATIONALE:
            raise WorkshopError(
                "A decision needs a rationale of 1 to 3000 characters.",
                "Say in a sentence or two why the team goes this way.",
            )
        settled = (
            None
            if value is None
            else parse_answer(self._workshops.flow_of(workshop).question(question_id), value)
        )
        self._workshops.lock_or_refuse(
            workshop, can_decide, lambda latest: require_active(latest, "settle questions in")
        )
        self._outcomes.add_resolution(
            dispute,
            Resolution(value=settled, rationale=note, decided_by=by_user, decided_at=self.scope.now()),
        )
        dispute.status = DisputeStatus.LEFT_OPEN if settled is None else DisputeStatus.DECIDED
        self.scope.session.flush()
        if workshop.status is WorkshopStatus.DECIDED:
            self._recommendations.recommend(workshop)  # a change after the decision revises it

    def finish(
        self, team_id: str, workshop_id: int, *, by_user: str, is_admin: bool = False
    ) -> Recommendation:
        """deciding → decided, once every disputed question is settled or left open on purpose."""
        workshop = self._workshops.get(team_id, workshop_id)
        require_facilitator(workshop, by_user, is_admin, "finish")
        require_active(workshop, "finish")
        if workshop.status is not WorkshopStatus.DECIDING:
            raise WrongState("This workshop is still collecting answers.", "Close the answering round first.")
        unsettled = [
            d.question_id for d in self._outcomes.disputes(workshop.id) if d.status is DisputeStatus.OPEN
        ]
        if unsettled:
            raise WrongState(
                f"{len(unsettled)} disputed question(s) are not settled yet: {', '.join(unsettled)}.",
                "Decide each one, or leave it open on purpose, then finish.",
            )
        self._workshops.lock_or_refuse(
            workshop, [WorkshopStatus.DECIDING], lambda latest: require_active(latest, "finish")
        )
        workshop.status, workshop.decided_at = WorkshopStatus.DECIDED, self.scope.now()
        return self._recommendations.recommend(workshop)
