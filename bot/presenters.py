"""Storage rows turned into the small records the builders take."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.blocks.viewmodels import ParticipantView, PersonStatus, Settlement, StatusCard, Turnout, WorkshopView
from flows.engine.wording import describe_answer
from flows.schema import Flow
from storage.models import Dispute, DisputeStatus, Participant, Workshop
from storage.scheduling import add_months


def workshop_view(workshop: Workshop, flow: Flow, participants: Sequence[Participant]) -> WorkshopView:
    return WorkshopView(
        id=workshop.id,
        flow=flow,
        channel_id=workshop.channel_id,
        facilitator_id=workshop.facilitator_id,
        invitee_ids=tuple(p.user_id for p in participants),
        deadline=workshop.round2_deadline
        if workshop.status == "round2" and workshop.round2_deadline
        else workshop.deadline,
        anonymous=workshop.anonymous,
        state=str(workshop.status),
    )


def participant_view(participant: Participant) -> ParticipantView:
    return ParticipantView(user_id=participant.user_id, role=participant.role)


def status_card(workshop: Workshop, flow: Flow, participants: Sequence[Participant]) -> StatusCard:
    return StatusCard(
        workshop_id=workshop.id,
        flow_title=flow.title,
        state=str(workshop.status),
        deadline=workshop.deadline,
        facilitator_id=workshop.facilitator_id,
        people=tuple(
            PersonStatus(user_id=p.user_id, progress=str(p.status), last_reminded=p.last_reminded_at)  # type: ignore[arg-type]
            for p in participants
        ),
    )


def checkin_dates(workshop: Workshop) -> list[date]:
    """The check-in dates counted from the decision (or from now, for a workshop still running)."""
    start = workshop.decided_at or workshop.deadline
    return [add_months(start, months).date() for months in sorted(workshop.checkin_months)]


def turnout(participants: Sequence[Participant]) -> Turnout:
    """Counted from the same statuses `/hiring status` lists, so the two always agree."""
    return Turnout.of([str(p.status) for p in participants])


def settlements(flow: Flow, disputes: Sequence[Dispute]) -> tuple[Settlement, ...]:
    """The facilitator's latest word on each dispute they decided or left open, the answer in words."""
    found: list[Settlement] = []
    for dispute in disputes:
        if dispute.status not in (DisputeStatus.DECIDED, DisputeStatus.LEFT_OPEN) or not dispute.resolutions:
            continue
        latest = dispute.resolutions[-1]
        answer = None
        if latest.value is not None:
            try:
                answer = describe_answer(flow.question(dispute.question_id), latest.value)
            except KeyError:
                answer = str(latest.value)
        found.append(Settlement(dispute.question_id, answer, latest.rationale))
    return tuple(found)
