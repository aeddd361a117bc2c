"""The answering rounds: whether everyone is done with one, closing it (round 1 opens round 2 on
the disputed questions, or goes straight to a decision), and moving its deadline. Works inside the
caller's transaction and never commits; what closing does to disputes is in
`bot.services.round_rules`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.answering import values_by_participant
from bot.services.guards import ANSWERING_STATUS, require_active, require_facilitator, require_round_open
from bot.services.recommendations import RecommendationService
from bot.services.round_rules import disputes_found, everyone_revisited, revise_disputes
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.engine.anonymity import WITHHELD, Withheld
from flows.engine.model import Analysis
from flows.errors import TooFewToShow, WorkshopError, WrongState
from storage.models import ParticipantStatus, Recommendation, Workshop, WorkshopStatus
from storage.repositories import AnswerRepository, OutcomeRepository


@dataclass(frozen=True)
class RoundOutcome:
    workshop: Workshop
    analysis: Analysis
    round_closed: int
    next_status: WorkshopStatus
    disputed_question_ids: list[str]
    recommendation: Recommendation | None


class RoundService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self._workshops = WorkshopService(scope)
        self._recommendations = RecommendationService(scope)
        self._answers = AnswerRepository(scope.session)
        self._outcomes = OutcomeRepository(scope.session)

    def all_answered(self, workshop_id: int, round: int) -> bool:
        """Whether every participant who has not declined is done with the round, so it can close early."""
        if round not in ANSWERING_STATUS:
            raise ValueError(f"round must be 1 or 2, not {round!r}")
        participants = self._workshops.participants(workshop_id)
        if round == 1:
            return all(
                p.status in (ParticipantStatus.ANSWERED, ParticipantStatus.DECLINED) for p in participants
            )
        return everyone_revisited(
            self._workshops.flow_of(self.scope.session.get_one(Workshop, workshop_id)),
            participants,
            self._outcomes.disputes(workshop_id),
            values_by_participant(self._answers.current(workshop_id, 1)),
            values_by_participant(self._answers.current(workshop_id, 2)),
        )

    def close_round(
        self,
        team_id: str,
        workshop_id: int,
        *,
        by_user: str | None,
        is_admin: bool = False,
        round: int | None = None,
    ) -> RoundOutcome | None:
        """Close the open answering round, or None when there is none to close (already closed by a
        racing caller, or the workshop is past answering). `by_user` None is the system (deadline or
        everyone answered). Pass `round` to close only that round: a retried "close round 1" must
        not close round 2."""
        workshop = self._workshops.get(team_id, workshop_id)
        if by_user is not None:
            require_facilitator(workshop, by_user, is_admin, "close")
        closable = [ANSWERING_STATUS[round]] if round is not None else list(ANSWERING_STATUS.values())
        if workshop.status not in closable or not self._workshops.lock(workshop, workshop.status):
            return None
        closing = 1 if workshop.status is WorkshopStatus.COLLECTING else 2
        analysis = self._recommendations.analyse(workshop)
        if isinstance(self._recommendations.shown(workshop, analysis), Withheld):
            # Closing would publish a result that names its few authors: the round stays open.
            raise TooFewToShow(
                f"Round {closing} of workshop #{workshop.id} stays open. {WITHHELD}",
                "Extend the deadline or remind those who have not answered; or cancel the workshop.",
            )
        now = self.scope.now()
        if closing == 1:
            found = disputes_found(workshop.id, analysis, now)
            self.scope.session.add_all(found)
            disputed = [d.question_id for d in found]
        else:
            disputed = revise_disputes(self._outcomes.disputes(workshop.id), analysis)
        workshop.closed_at = now
        recommendation = None
        if disputed:
            workshop.status = WorkshopStatus.ROUND2 if closing == 1 else WorkshopStatus.DECIDING
        else:
            workshop.status, workshop.decided_at = WorkshopStatus.DECIDED, now
            recommendation = self._recommendations.store(workshop, analysis)
        self.scope.session.flush()
        return RoundOutcome(workshop, analysis, closing, workshop.status, disputed, recommendation)

    def extend_deadline(
        self, team_id: str, workshop_id: int, until: datetime, *, by_user: str, is_admin: bool = False
    ) -> int:
        """Move the open round's deadline to `until`; returns the round. Only while a round is open."""
        workshop = self._workshops.get(team_id, workshop_id)
        require_facilitator(workshop, by_user, is_admin, "extend")
        require_active(workshop, "extend")
        round = next((r for r, status in ANSWERING_STATUS.items() if status is workshop.status), None)
        if round is None:
            raise WrongState(f"Workshop #{workshop.id} has no answering round open to extend.")
        if until <= self.scope.now():
            raise WorkshopError(f"{until:%Y-%m-%d %H:%M} UTC has passed.", "Pick a moment in the future.")
        self._workshops.lock_or_refuse(
            workshop, [workshop.status], lambda latest: require_round_open(latest, round)
        )
        if round == 1:
            workshop.deadline = until
        else:
            workshop.round2_deadline = until
        self.scope.session.flush()
        return round
