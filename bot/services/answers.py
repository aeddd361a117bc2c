"""People's answers: storing them as revisions, reading them back, what round 2 asks each person,
and declining. Works inside the caller's transaction and never commits; the rules themselves (what
is a new revision, how far along a person is) are in `bot.services.answering`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.services.answering import checked_rationales, new_revisions, progress_of
from bot.services.guards import ANSWERING_STATUS, require_participant, require_round_open
from bot.services.round_rules import round2_asks
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.engine import parse_answers
from flows.engine.model import AnswerValue
from flows.errors import InvalidAnswer, WrongState
from storage.models import Answer, DisputeStatus, Participant, ParticipantStatus, Workshop
from storage.repositories import AnswerRepository, OutcomeRepository


@dataclass(frozen=True)
class Recorded:
    """What storing one person's answers left: their row, their current answers in that round
    (every question, not only those just sent) and how many revisions were added."""

    participant: Participant
    answers: dict[str, AnswerValue]
    added: int
    # The reason stored with each current answer that has one.
    rationales: dict[str, str] = field(default_factory=dict)


class AnswerService:
    def __init__(self, scope: ServiceScope) -> None:
        self.scope = scope
        self._workshops = WorkshopService(scope)
        self._answers = AnswerRepository(scope.session)
        self._outcomes = OutcomeRepository(scope.session)

    # Answering

    def record_answers(
        self,
        team_id: str,
        workshop_id: int,
        user_id: str,
        answers: Mapping[str, object],
        *,
        round: int = 1,
        rationales: Mapping[str, str] | None = None,
    ) -> int:
        """Store the answers as new revisions where they changed; returns how many rows were added.
        Nothing is stored unless every answer is valid."""
        workshop = self._workshops.get(team_id, workshop_id)
        return self.record(workshop, user_id, answers, round=round, rationales=rationales).added

    def record(
        self,
        workshop: Workshop,
        user_id: str,
        answers: Mapping[str, object],
        *,
        round: int = 1,
        rationales: Mapping[str, str] | None = None,
    ) -> Recorded:
        """`record_answers` for a workshop the caller already loaded (within its team), handing
        back what a caller would otherwise read again: the participant and their answers now.

        Answers take the workshop's lock shared, so answers from many people go ahead together,
        while closing the round and declining take it exclusively: no answer lands after either.
        The participant's row is locked for the rest, so one person's revisions are numbered one
        request at a time."""
        open_status = ANSWERING_STATUS.get(round)
        locked = open_status is not None and self._workshops.hold_open(workshop, open_status)
        # Read under the lock (and over what this session held): a decline that landed first must
        # not be undone by these answers.
        participant = require_participant(
            workshop, self._workshops.participant(workshop.id, user_id, for_update=locked)
        )
        if not locked:
            require_round_open(self._workshops.refreshed(workshop), round)
            raise WrongState(
                "This workshop changed while your request was handled.", "Look at it again and retry."
            )
        flow = self._workshops.flow_of(workshop)
        values = parse_answers(flow, answers)
        notes = checked_rationales(rationales or {}, values)
        if round == 2:
            self._require_disputed(workshop, values)
            self._require_answered_before(workshop, participant, values)
        current = self._answers.latest_of(workshop.id, round, participant.id)
        revisions = new_revisions(participant, round, values, notes, current, self.scope.now())
        self._answers.add_revisions(revisions.rows, revisions.replaced)
        now_current = {a.question_id: (a.value, a.rationale) for a in current}
        now_current |= {a.question_id: (a.value, a.rationale) for a in revisions.rows}
        latest = {question_id: value for question_id, (value, _) in now_current.items()}
        if round == 1:
            self._update_progress(progress_of(flow, latest), participant)
        self.scope.session.flush()
        reasons = {q: rationale for q, (_, rationale) in now_current.items() if rationale}
        return Recorded(participant, latest, len(revisions.rows), reasons)

    def decline(self, team_id: str, workshop_id: int, user_id: str) -> None:
        """The person takes no part; their answers, if any, stay stored but no longer count."""
        workshop = self._workshops.get(team_id, workshop_id)
        participant = self._workshops.participant(workshop.id, user_id)
        if participant is not None and participant.status is ParticipantStatus.DECLINED:
            return
        participant = require_participant(workshop, participant)
        # Declining is for the answering rounds; round 1's message explains a closed workshop best.
        self._workshops.lock_or_refuse(
            workshop, ANSWERING_STATUS.values(), lambda latest: require_round_open(latest, 1)
        )
        participant.status = ParticipantStatus.DECLINED
        self.scope.session.flush()

    # Reading answers back

    def round2_questions(self, workshop: Workshop, participant_id: int) -> set[str]:
        """The open disputes round 2 asks this participant about (empty for a round-1 non-respondent)."""
        still_open = {
            d.question_id for d in self._outcomes.disputes(workshop.id) if d.status is DisputeStatus.OPEN
        }
        return round2_asks(
            self._workshops.flow_of(workshop),
            still_open,
            self.current_answers(workshop.id, participant_id, 1),
            self.current_answers(workshop.id, participant_id, 2),
        )

    def current_answers(
        self, workshop_id: int, participant_id: int, round: int = 1
    ) -> dict[str, AnswerValue]:
        return {a.question_id: a.value for a in self._answers.current(workshop_id, round, participant_id)}

    def current_rationales(self, workshop_id: int, participant_id: int, round: int = 1) -> dict[str, str]:
        """The reason stored with each of the person's current answers that has one."""
        rows = self._answers.current(workshop_id, round, participant_id)
        return {a.question_id: a.rationale for a in rows if a.rationale}

    def round_answers(self, workshop_id: int, round: int) -> list[Answer]:
        """Everyone's effective answers in a round: for each person and question, the latest revision."""
        return self._answers.current(workshop_id, round)

    def answer_history(self, participant_id: int, question_id: str, round: int) -> list[Answer]:
        """Every revision of one answer, oldest first."""
        return self._answers.history(participant_id, question_id, round)

    # Helpers

    def _require_disputed(self, workshop: Workshop, values: Mapping[str, AnswerValue]) -> None:
        disputed = [d.question_id for d in self._outcomes.disputes(workshop.id)]
        outside = [question_id for question_id in values if question_id not in disputed]
        if outside:
            raise InvalidAnswer(
                f"Round 2 asks only about the disputed questions; '{outside[0]}' is not one of them.",
                f"Answer one of: {', '.join(disputed)}.",
            )

    def _require_answered_before(
        self, workshop: Workshop, participant: Participant, values: Mapping[str, AnswerValue]
    ) -> None:
        first = {a.question_id for a in self._answers.current(workshop.id, 1, participant.id)}
        new = [question_id for question_id in values if question_id not in first]
        if new:
            raise InvalidAnswer(
                "Round 2 revisits only the answers you gave in round 1, and you did not answer "
                f"'{new[0]}' then: a first answer now would change a spread the panel has already seen.",
                "Thank you all the same; leave it as it is, and review the questions you did answer.",
            )

    def _update_progress(self, status: ParticipantStatus, participant: Participant) -> None:
        if status is ParticipantStatus.ANSWERED and participant.status is not ParticipantStatus.ANSWERED:
            participant.answered_at = self.scope.now()
        elif status is not ParticipantStatus.ANSWERED:
            participant.answered_at = None
        participant.status = status
