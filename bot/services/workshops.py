"""What the Slack app and the command line do to workshops. Every method works inside the caller's
transaction and never commits; every refusal is a `flows.errors` error that says what and how to fix.

Changes of state take the workshop's lock with a conditional UPDATE first (see
`WorkshopRepository.lock`), so two racing requests never both act on the same state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services.answering import (
    MAX_RATIONALE,
    checked_rationales,
    new_revisions,
    progress_of,
    values_by_participant,
)
from bot.services.guards import (
    ANSWERING_STATUS,
    require_active,
    require_facilitator,
    require_participant,
    require_round_open,
)
from bot.services.invitations import Invitee, check_deadline, checked_invitees, checked_months
from bot.services.panel import build_panel
from bot.services.privacy import Privacy
from bot.services.round_rules import disputes_found, everyone_revisited, revise_disputes, round2_asks
from flows.engine import analyse, parse_answer, parse_answers, render_mrkdwn
from flows.engine.anonymity import WITHHELD, Withheld, shown_results
from flows.engine.model import Analysis, AnswerValue
from flows.errors import InvalidAnswer, NotFound, TooFewToShow, WorkshopError, WrongState
from flows.loader import FlowCatalog
from flows.schema import Flow
from storage.base import utc_now
from storage.models import (
    ACTIVE_STATUSES,
    Answer,
    Confidence,
    Dispute,
    DisputeStatus,
    Participant,
    ParticipantStatus,
    Recommendation,
    Resolution,
    Workshop,
    WorkshopStatus,
)
from storage.repositories import AnswerRepository, FollowUpRepository, OutcomeRepository, WorkshopRepository

__all__ = ["Invitee", "Recorded", "RoundOutcome", "WorkshopService"]

FLOWS_KEPT = 32  # parsed flow snapshots per process: each is a few hundred KB at most

_Row = TypeVar("_Row", Workshop, Participant)


class _ParsedFlows:
    """Parsed flow snapshots by hash, the `kept` most recently used. Looked up by hash alone, so a
    request whose flow is parsed already never reads the snapshot's JSON from the database."""

    def __init__(self, kept: int) -> None:
        self._kept = kept
        self._flows: OrderedDict[str, Flow] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, flow_hash: str, read_json: Callable[[], dict[str, Any]]) -> Flow:
        with self._lock:
            flow = self._flows.get(flow_hash)
            if flow is not None:
                self._flows.move_to_end(flow_hash)
                return flow
        parsed = Flow.model_validate(read_json())
        with self._lock:
            flow = self._flows.setdefault(flow_hash, parsed)  # a racing request's, if it came first
            self._flows.move_to_end(flow_hash)
            while len(self._flows) > self._kept:
                self._flows.popitem(last=False)
        return flow


_PARSED_FLOWS = _ParsedFlows(FLOWS_KEPT)


@dataclass(frozen=True)
class Recorded:
    """What storing one person's answers left: their row, their current answers in that round
    (every question, not only those just sent) and how many revisions were added."""

    participant: Participant
    answers: dict[str, AnswerValue]
    added: int
    # The reason stored with each current answer that has one.
    rationales: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundOutcome:
    workshop: Workshop
    analysis: Analysis
    round_closed: int
    next_status: WorkshopStatus
    disputed_question_ids: list[str]
    recommendation: Recommendation | None


class WorkshopService:
    def __init__(
        self,
        session: Session,
        catalog: FlowCatalog,
        now: Callable[[], datetime] = utc_now,
        privacy: Privacy = Privacy(),  # noqa: B008 - frozen, so one shared default is safe
    ) -> None:
        self.session = session
        self.catalog = catalog
        self.now = now
        self.privacy = privacy
        # Private: callers ask the service, so what a workshop's rows mean is decided in one place.
        self._workshops = WorkshopRepository(session)
        self._answers = AnswerRepository(session)
        self._outcomes = OutcomeRepository(session)
        self._follow_up = FollowUpRepository(session)

    # Starting and finding workshops

    def create_workshop(
        self,
        *,
        team_id: str,
        enterprise_id: str | None = None,
        channel_id: str,
        facilitator_id: str,
        flow_id: str,
        invitees: Sequence[Invitee],
        deadline: datetime,
        anonymous: bool,
        checkin_months: Sequence[int] = (12,),
        request_key: str | None = None,
        preview: bool = True,
    ) -> Workshop:
        """A new workshop in `collecting`, with its invitees. Idempotent on (team, request key): a
        retried request gets back the workshop the first attempt stored."""
        if request_key is not None:
            existing = self._workshops.by_request_key(team_id, request_key)
            if existing is not None:
                return existing
        flow = self.catalog.get(flow_id)
        people = checked_invitees(invitees)
        now = self.now()
        check_deadline(deadline, now)
        workshop = Workshop(
            team_id=team_id,
            enterprise_id=enterprise_id,
            channel_id=channel_id,
            facilitator_id=facilitator_id,
            flow_id=flow.id,
            flow_version=flow.version,
            flow_hash=flow.content_hash(),
            flow_json=flow.model_dump(mode="json", by_alias=True),
            status=WorkshopStatus.COLLECTING,
            anonymous=anonymous,
            deadline=deadline,
            checkin_months=checked_months(checkin_months),
            preview=preview,
            request_key=request_key,
            created_at=now,
            participants=[
                Participant(user_id=p.user_id, role=p.role, weight=p.weight, status=ParticipantStatus.INVITED)
                for p in people
            ],
        )
        if request_key is None:
            return self._workshops.add(workshop)
        try:
            with self.session.begin_nested():
                return self._workshops.add(workshop)
        except IntegrityError:
            # A retry of the same request stored its workshop between our look-up and our insert.
            existing = self._workshops.by_request_key(team_id, request_key)
            if existing is None:
                raise
            return existing

    def get(self, team_id: str, workshop_id: int) -> Workshop:
        return self._workshops.get(team_id, workshop_id)

    def in_channel(self, team_id: str, channel_id: str, *, active_only: bool = True) -> list[Workshop]:
        return self._workshops.in_channel(team_id, channel_id, ACTIVE_STATUSES if active_only else None)

    def for_user(self, team_id: str, user_id: str) -> list[Workshop]:
        """Workshops the person is invited to or facilitates, newest first."""
        return self._workshops.for_user(team_id, user_id)

    def participants(self, workshop_id: int) -> list[Participant]:
        return self._workshops.participants(workshop_id)

    def participant(self, workshop_id: int, user_id: str) -> Participant | None:
        return self._workshops.participant(workshop_id, user_id)

    def refreshed(self, row: _Row) -> _Row:
        """The row as committed now, replacing what this session already held."""
        return self._workshops.refresh(row)

    def with_unfinished_posts(self) -> list[Workshop]:
        """Workshops in any workspace whose posts a stopped process may have left undone."""
        return self._workshops.with_unfinished_posts()

    def round_answers(self, workshop_id: int, round: int) -> list[Answer]:
        """Everyone's effective answers in a round: for each person and question, the latest revision."""
        return self._answers.current(workshop_id, round)

    def answer_history(self, participant_id: int, question_id: str, round: int) -> list[Answer]:
        """Every revision of one answer, oldest first."""
        return self._answers.history(participant_id, question_id, round)

    def disputes(self, workshop_id: int) -> list[Dispute]:
        return self._outcomes.disputes(workshop_id)

    def hold_open(self, workshop: Workshop, status: WorkshopStatus) -> bool:
        """Share the workshop's lock while it is in `status`, so it cannot close meanwhile; False
        when it no longer is."""
        return self._workshops.lock(workshop.team_id, workshop.id, status, shared=True)

    def flow_of(self, workshop: Workshop) -> Flow:
        """The flow as it was when the workshop started, whatever the YAML says now. Parsed once per
        process for each snapshot: every request for the same workshop gets the same object."""
        return _PARSED_FLOWS.get(workshop.flow_hash, lambda: self._flow_json(workshop))

    def _flow_json(self, workshop: Workshop) -> dict[str, Any]:
        # `get` leaves the snapshot unread (see WorkshopRepository.get); read it only to parse it.
        if "flow_json" not in inspect(workshop).unloaded:
            snapshot: dict[str, Any] = workshop.flow_json
        else:
            snapshot = self.session.scalars(
                select(Workshop.flow_json).where(Workshop.id == workshop.id)
            ).one()
        return snapshot

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
        locked = open_status is not None and self._workshops.lock(
            workshop.team_id, workshop.id, open_status, shared=True
        )
        # Read under the lock (and over what this session held): a decline that landed first must
        # not be undone by these answers.
        participant = require_participant(
            workshop, self._workshops.participant(workshop.id, user_id, for_update=locked)
        )
        if not locked:
            require_round_open(self._workshops.refresh(workshop), round)
            raise WrongState(
                "This workshop changed while your request was handled.", "Look at it again and retry."
            )
        flow = self.flow_of(workshop)
        values = parse_answers(flow, answers)
        notes = checked_rationales(rationales or {}, values)
        if round == 2:
            self._require_disputed(workshop, values)
            self._require_answered_before(workshop, participant, values)
        current = self._answers.current(workshop.id, round, participant.id)
        rows = new_revisions(participant, round, values, notes, current, self.now())
        self.session.add_all(rows)
        now_current = {a.question_id: a for a in [*current, *rows]}
        latest = {question_id: a.value for question_id, a in now_current.items()}
        if round == 1:
            self._update_progress(progress_of(flow, latest), participant)
        self.session.flush()
        reasons = {q: a.rationale for q, a in now_current.items() if a.rationale}
        return Recorded(participant, latest, len(rows), reasons)

    def round2_questions(self, workshop: Workshop, participant_id: int) -> set[str]:
        """The open disputes round 2 asks this participant about (empty for a round-1 non-respondent)."""
        still_open = {
            d.question_id for d in self._outcomes.disputes(workshop.id) if d.status is DisputeStatus.OPEN
        }
        return round2_asks(
            self.flow_of(workshop),
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

    def decline(self, team_id: str, workshop_id: int, user_id: str) -> None:
        """The person takes no part; their answers, if any, stay stored but no longer count."""
        workshop = self._workshops.get(team_id, workshop_id)
        participant = self._workshops.participant(workshop.id, user_id)
        if participant is not None and participant.status is ParticipantStatus.DECLINED:
            return
        participant = require_participant(workshop, participant)
        # Declining is for the answering rounds; round 1's message explains a closed workshop best.
        self._lock(workshop, ANSWERING_STATUS.values(), lambda latest: require_round_open(latest, 1))
        participant.status = ParticipantStatus.DECLINED
        self.session.flush()

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
            self.flow_of(self.session.get_one(Workshop, workshop_id)),
            participants,
            self._outcomes.disputes(workshop_id),
            values_by_participant(self._answers.current(workshop_id, 1)),
            values_by_participant(self._answers.current(workshop_id, 2)),
        )

    # Closing rounds and deciding

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
        if workshop.status not in closable or not self._workshops.lock(team_id, workshop.id, workshop.status):
            return None
        closing = 1 if workshop.status is WorkshopStatus.COLLECTING else 2
        analysis = self.analyse(workshop)
        if isinstance(self.shown(workshop, analysis), Withheld):
            # Closing would publish a result that names its few authors: the round stays open.
            raise TooFewToShow(
                f"Round {closing} of workshop #{workshop.id} stays open. {WITHHELD}",
                "Extend the deadline or remind those who have not answered; or cancel the workshop.",
            )
        now = self.now()
        if closing == 1:
            found = disputes_found(workshop.id, analysis, now)
            self.session.add_all(found)
            disputed = [d.question_id for d in found]
        else:
            disputed = revise_disputes(self._outcomes.disputes(workshop.id), analysis)
        workshop.closed_at = now
        recommendation = None
        if disputed:
            workshop.status = WorkshopStatus.ROUND2 if closing == 1 else WorkshopStatus.DECIDING
        else:
            workshop.status, workshop.decided_at = WorkshopStatus.DECIDED, now
            recommendation = self._store_recommendation(workshop, analysis)
        self.session.flush()
        return RoundOutcome(workshop, analysis, closing, workshop.status, disputed, recommendation)

    def analyse(self, workshop: Workshop) -> Analysis:
        panel = build_panel(
            self._workshops.participants(workshop.id),
            self._answers.current(workshop.id, 1),
            self._answers.current(workshop.id, 2),
            self._outcomes.disputes(workshop.id),
        )
        return analyse(self.flow_of(workshop), panel)

    def shown(self, workshop: Workshop, analysis: Analysis) -> Analysis | Withheld:
        """What of the analysis may be shown anywhere, under the minimum group for anonymous results."""
        return shown_results(
            analysis,
            anonymous=workshop.anonymous,
            min_answers=self.privacy.min_answers,
            min_free_text=self.privacy.min_free_text,
        )

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
        if until <= self.now():
            raise WorkshopError(f"{until:%Y-%m-%d %H:%M} UTC has passed.", "Pick a moment in the future.")
        self._lock(workshop, [workshop.status], lambda latest: require_round_open(latest, round))
        if round == 1:
            workshop.deadline = until
        else:
            workshop.round2_deadline = until
        self.session.flush()
        return round

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
        settled = None if value is None else parse_answer(self.flow_of(workshop).question(question_id), value)
        self._lock(workshop, can_decide, lambda latest: require_active(latest, "settle questions in"))
        self._outcomes.add_resolution(
            dispute, Resolution(value=settled, rationale=note, decided_by=by_user, decided_at=self.now())
        )
        dispute.status = DisputeStatus.LEFT_OPEN if settled is None else DisputeStatus.DECIDED
        self.session.flush()
        if workshop.status is WorkshopStatus.DECIDED:
            self.recommend(workshop)  # a change after the decision revises the recommendation

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
        self._lock(workshop, [WorkshopStatus.DECIDING], lambda latest: require_active(latest, "finish"))
        workshop.status, workshop.decided_at = WorkshopStatus.DECIDED, self.now()
        return self.recommend(workshop)

    def recommend(self, workshop: Workshop) -> Recommendation:
        """Analyse the workshop as it stands and store the result as the next recommendation revision."""
        self._workshops.lock(workshop.team_id, workshop.id)  # revisions are numbered one writer at a time
        return self._store_recommendation(workshop, self.analyse(workshop))

    def latest_recommendation(self, workshop_id: int) -> Recommendation | None:
        return self._outcomes.latest_recommendation(workshop_id)

    # Ending

    def cancel(self, team_id: str, workshop_id: int, *, by_user: str, is_admin: bool = False) -> None:
        """Stop the workshop and everything scheduled for it; what was stored stays."""
        workshop = self._workshops.get(team_id, workshop_id)
        require_facilitator(workshop, by_user, is_admin, "cancel")
        require_active(workshop, "cancel")
        self._lock(workshop, ACTIVE_STATUSES, lambda latest: require_active(latest, "cancel"))
        workshop.status = WorkshopStatus.CANCELLED
        workshop.closed_at = workshop.closed_at or self.now()
        self._follow_up.cancel_for_workshop(workshop.id)
        self.session.flush()

    def delete_team(self, team_id: str) -> int:
        """Erase a workspace's workshops and everything under them; returns how many workshops went."""
        return self._workshops.delete_team(team_id)

    # Helpers

    def _lock(
        self, workshop: Workshop, statuses: Iterable[WorkshopStatus], explain: Callable[[Workshop], None]
    ) -> None:
        """Lock the workshop in one of `statuses`, or raise: `explain` is given the workshop as it is
        now (another request changed it meanwhile) and raises the refusal that fits."""
        if self._workshops.lock(workshop.team_id, workshop.id, *statuses):
            return
        explain(self._workshops.refresh(workshop))
        raise WrongState(
            "This workshop changed while your request was handled.", "Look at it again and retry."
        )

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
            participant.answered_at = self.now()
        elif status is not ParticipantStatus.ANSWERED:
            participant.answered_at = None
        participant.status = status

    def _store_recommendation(self, workshop: Workshop, analysis: Analysis) -> Recommendation:
        recommended = analysis.recommendation
        return self._outcomes.add_recommendation(
            Recommendation(
                workshop_id=workshop.id,
                revision=self._outcomes.next_recommendation_revision(workshop.id),
                option_id=recommended.option_id,
                confidence=Confidence(recommended.confidence) if recommended.confidence else None,
                analysis_json=analysis.model_dump(mode="json"),
                summary_mrkdwn=render_mrkdwn(self.flow_of(workshop), analysis),
                created_at=self.now(),
            )
        )
