"""Reads one workshop's decision record from the database, made anonymous when the workshop is.

In an anonymous workshop no answer may stand next to anything that singles a person out. Names and
Slack ids are left out, and so is the role: on a leadership panel each role is usually held by one
person (one CEO, one CFO), so "CFO: No" names the CFO as surely as their name would. Rows carry no
per-person key of any kind, not even a hashed one, and are sorted by round, question and answer, so
their order cannot link one person's answers either, nor a round-1 answer to its round-2 revision.
A named workshop keeps each answer's Slack user id and role, in the panel's order.

The minimum group for anonymous results applies as on every other surface (`bot.services.privacy`): too
few answered and the record holds nothing of the answers; a round's answers to a question are left
out when too few gave them, free-text answers when too few wrote one, and reasons when too few people
wrote them; a check-in's ratings are withheld below the minimum too.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.export.labels import value_label
from bot.export.model import AnswerRow, CheckInRecord, DecisionRecord, DisputeRecord, Settlement
from bot.services.answers import AnswerService
from bot.services.checkins import CheckInService
from bot.services.disputes import DisputeService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from flows.engine.anonymity import Withheld, too_few
from flows.engine.checkin_report import CheckInReport, shown_report
from flows.engine.model import Analysis
from flows.errors import NotFound
from flows.kinds.registry import plugin_for
from flows.schema import Flow
from storage.models import Answer, Participant, Workshop


def team_of(session: Session, workshop_id: int) -> str:
    """The workspace a workshop belongs to, for the command line, which is given only its number."""
    team_id = session.scalar(select(Workshop.team_id).where(Workshop.id == workshop_id))
    if team_id is None:
        raise NotFound(
            f"There is no workshop {workshop_id} in this database.",
            "Check the number (Slack shows it as #N) and DATABASE_URL or --database-url.",
        )
    return team_id


def gather_record(workshops: WorkshopService, workshop: Workshop) -> DecisionRecord:
    recommendations = RecommendationService(workshops.scope)
    flow = workshops.flow_of(workshop)
    participants = {p.id: p for p in workshops.participants(workshop.id)}
    named = not workshop.anonymous
    stored = recommendations.latest_recommendation(workshop.id)
    analysis = _analysis(recommendations, workshop, stored.analysis_json if stored else None)
    shown = recommendations.shown(workshop, analysis)
    withheld = isinstance(shown, Withheld)
    answers = [] if withheld else _answers(AnswerService(workshops.scope), workshop, flow, participants)
    return DecisionRecord(
        workshop_id=workshop.id,
        status=str(workshop.status),
        anonymous=workshop.anonymous,
        created_at=workshop.created_at,
        closed_at=workshop.closed_at,
        decided_at=workshop.decided_at,
        facilitator=workshop.facilitator_id if named else None,
        flow=flow,
        analysis=None if isinstance(shown, Withheld) else shown,
        withheld=shown.sentence if isinstance(shown, Withheld) else None,
        recommendation_revision=stored.revision if stored else None,
        answers=answers if named or withheld else _within_minimum(workshops, flow, analysis, answers),
        disputes=_disputes(DisputeService(workshops.scope), workshop, flow),
        checkins=_checkins(workshops, workshop),
    )


def _analysis(
    recommendations: RecommendationService, workshop: Workshop, stored: dict[str, Any] | None
) -> Analysis:
    """The stored recommendation's analysis; before there is one (or if it was stored by an older
    version the model no longer reads), the analysis of the answers stored so far."""
    if stored is not None:
        try:
            return Analysis.model_validate(stored)
        except ValidationError:
            pass
    return recommendations.analyse(workshop)


def _answers(
    answering: AnswerService, workshop: Workshop, flow: Flow, participants: dict[int, Participant]
) -> list[AnswerRow]:
    order = {q.id: position for position, q in enumerate(flow.questions)}
    named = not workshop.anonymous
    rows = []
    for round in (1, 2):
        for answer in answering.round_answers(workshop.id, round):
            rows.append(_row(answer, flow, participants[answer.participant_id] if named else None))
    if named:
        seats = {p.user_id: position for position, p in enumerate(participants.values())}
        return sorted(rows, key=lambda r: (r.round, seats[r.participant or ""], order[r.question_id]))
    return sorted(rows, key=lambda r: (r.round, order[r.question_id], r.value_label, r.reason or ""))


def _within_minimum(
    workshops: WorkshopService, flow: Flow, analysis: Analysis, rows: list[AnswerRow]
) -> list[AnswerRow]:
    """An anonymous workshop's rows as the minimum group lets them be shown."""
    privacy = workshops.scope.privacy
    groups: dict[tuple[int, str], int] = {}
    for row in rows:
        groups[(row.round, row.question_id)] = groups.get((row.round, row.question_id), 0) + 1
    authors = {result.question_id: result.rationale_authors for result in analysis.questions}
    kept = []
    for row in rows:
        given = groups[(row.round, row.question_id)]
        if too_few(given, anonymous=True, minimum=privacy.min_answers):
            continue  # one or two people's answers are theirs, whatever the file leaves out
        own_words = plugin_for(flow.question(row.question_id).kind).own_words
        if own_words and given < privacy.min_free_text:
            continue
        if row.reason and authors.get(row.question_id, 0) < privacy.min_free_text:
            row = row.model_copy(update={"reason": None})
        kept.append(row)
    return kept


def _row(answer: Answer, flow: Flow, participant: Participant | None) -> AnswerRow:
    question = flow.question(answer.question_id)
    return AnswerRow(
        round=answer.round,
        question_id=answer.question_id,
        value=answer.value,
        value_label=value_label(question, answer.value),
        reason=answer.rationale,
        participant=participant.user_id if participant else None,
        role=participant.role if participant else None,
    )


def _disputes(disputes: DisputeService, workshop: Workshop, flow: Flow) -> list[DisputeRecord]:
    named = not workshop.anonymous
    records = []
    for dispute in disputes.disputes(workshop.id):
        question = flow.question(dispute.question_id)
        settlements = [
            Settlement(
                value=r.value,
                value_label=None if r.value is None else value_label(question, r.value),
                rationale=r.rationale,
                decided_at=r.decided_at,
                decided_by=r.decided_by if named else None,
            )
            for r in dispute.resolutions
        ]
        records.append(
            DisputeRecord(
                question_id=dispute.question_id,
                decisive=dispute.decisive,
                status=str(dispute.status),
                settlements=settlements,
            )
        )
    return records


def _checkins(workshops: WorkshopService, workshop: Workshop) -> list[CheckInRecord]:
    privacy = workshops.scope.privacy
    return [
        CheckInRecord(
            months=checkin.months,
            due_at=checkin.due_at,
            status=str(checkin.status),
            report=shown_report(
                CheckInReport.model_validate(checkin.summary_json),
                anonymous=workshop.anonymous,
                min_answers=privacy.min_answers,
                min_free_text=privacy.min_free_text,
            )
            if checkin.summary_json
            else None,
        )
        for checkin in CheckInService(workshops.scope).for_workshop(workshop.id)
    ]
