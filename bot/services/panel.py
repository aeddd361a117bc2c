"""From stored rows to the engine's `Panel`. Members are named by participant row id only: the
engine, and anything it renders, never sees a Slack user id or a name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows.engine.model import Answer as EngineAnswer
from flows.engine.model import Decision, Member, Panel
from storage.models import Answer, Dispute, DisputeStatus, Participant, ParticipantStatus

SETTLED = (DisputeStatus.DECIDED, DisputeStatus.LEFT_OPEN)


def member_id(participant_id: int) -> str:
    return str(participant_id)


def build_panel(
    participants: Sequence[Participant],
    round1: Iterable[Answer],
    round2: Iterable[Answer],
    disputes: Iterable[Dispute],
) -> Panel:
    members = [
        Member(
            id=member_id(p.id),
            role=p.role,
            weight=p.weight,
            declined=p.status is ParticipantStatus.DECLINED,
        )
        for p in participants
    ]
    return Panel(
        members=members,
        round1=_by_member(round1),
        round2=_by_member(round2),
        decisions=[_decision(d) for d in disputes if d.status in SETTLED and d.resolutions],
    )


def _by_member(rows: Iterable[Answer]) -> dict[str, dict[str, EngineAnswer]]:
    answers: dict[str, dict[str, EngineAnswer]] = {}
    for row in rows:
        answers.setdefault(member_id(row.participant_id), {})[row.question_id] = EngineAnswer(
            value=row.value, rationale=row.rationale
        )
    return answers


def _decision(dispute: Dispute) -> Decision:
    latest = dispute.resolutions[-1]
    return Decision(question_id=dispute.question_id, value=latest.value, rationale=latest.rationale)
