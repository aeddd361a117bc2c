"""What closing a round does to disputes, and when a round has nothing left to wait for. Works on
rows already loaded; the services (`bot.services.rounds`, `bot.services.answers`) do the locking and
the storing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from flows.engine import visible_questions
from flows.engine.model import Analysis, AnswerValue
from flows.schema import Flow
from storage.models import Dispute, DisputeStatus, Participant, ParticipantStatus


def disputes_found(workshop_id: int, analysis: Analysis, now: datetime) -> list[Dispute]:
    """Round 1 closing: a dispute for each question the panel disagreed on."""
    return [
        Dispute(
            workshop_id=workshop_id,
            question_id=result.question_id,
            decisive=result.decisive,
            status=DisputeStatus.OPEN,
            created_at=now,
        )
        for result in analysis.disputed
    ]


def revise_disputes(disputes: Iterable[Dispute], analysis: Analysis) -> list[str]:
    """Round 2 closing: open disputes that the revisions brought to consensus become `revised`.
    Returns the question ids still open, for the facilitator to settle."""
    resolutions = {q.question_id: q.resolution for q in analysis.questions}
    still_open: list[str] = []
    for dispute in disputes:
        if dispute.status is not DisputeStatus.OPEN:
            continue
        if resolutions.get(dispute.question_id) == "revised":
            dispute.status = DisputeStatus.REVISED
        else:
            still_open.append(dispute.question_id)
    return still_open


def round2_asks(
    flow: Flow,
    still_open: set[str],
    round1: Mapping[str, AnswerValue],
    round2: Mapping[str, AnswerValue],
) -> set[str]:
    """The open disputes round 2 asks one person about: those on their path that they answered in
    round 1. Round 2 is for round-1 respondents only (Delphi practice): a first answer given in
    round 2 would change a spread the panel has seen by exactly that answer."""
    shown = {q.id for q in visible_questions(flow, dict(round1) | dict(round2))}
    return shown & still_open & round1.keys()


def everyone_revisited(
    flow: Flow,
    participants: Sequence[Participant],
    disputes: Iterable[Dispute],
    round1: Mapping[int, dict[str, AnswerValue]],
    round2: Mapping[int, dict[str, AnswerValue]],
) -> bool:
    """Whether each participant still taking part has given a round-2 answer to every open dispute
    round 2 asks of them (`round2_asks`)."""
    still_open = {d.question_id for d in disputes if d.status is DisputeStatus.OPEN}
    for person in participants:
        if person.status is ParticipantStatus.DECLINED:
            continue
        second = round2.get(person.id, {})
        if not round2_asks(flow, still_open, round1.get(person.id, {}), second) <= second.keys():
            return False
    return True
