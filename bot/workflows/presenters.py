"""Storage rows turned into the small records the builders take."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.blocks.viewmodels import (
    ParticipantView,
    PersonStatus,
    Settlement,
    StatusCard,
    Tally,
    Turnout,
    WorkshopView,
)
from bot.services.answers import AnswerService
from bot.services.scheduling import add_months
from bot.services.workshops import WorkshopService
from flows.engine.phrasing import recommended
from flows.engine.text import escape
from flows.engine.wording import answer_label
from flows.schema import Flow
from storage.models import (
    Dispute,
    DisputeStatus,
    Participant,
    ParticipantStatus,
    Recommendation,
    Workshop,
    WorkshopStatus,
)


def workshop_view(workshop: Workshop, flow: Flow, participants: Sequence[Participant]) -> WorkshopView:
    return WorkshopView(
        id=workshop.id,
        flow=flow,
        channel_id=workshop.channel_id,
        facilitator_id=workshop.facilitator_id,
        invitee_ids=tuple(p.user_id for p in participants),
        deadline=current_deadline(workshop),
        anonymous=workshop.anonymous,
        state=str(workshop.status),
    )


def participant_view(participant: Participant) -> ParticipantView:
    return ParticipantView(user_id=participant.user_id, role=participant.role)


def tally_of(workshops: WorkshopService, workshop: Workshop, participants: Sequence[Participant]) -> Tally:
    """How many have answered the round now open (reviewed, in round 2), of how many invited."""
    declined = sum(p.status is ParticipantStatus.DECLINED for p in participants)
    if workshop.status is WorkshopStatus.ROUND2:
        reviewed = AnswerService(workshops.scope).round_answers(workshop.id, 2)
        answered = len({a.participant_id for a in reviewed})
    else:
        answered = sum(p.status is ParticipantStatus.ANSWERED for p in participants)
    return Tally(answered=answered, invited=len(participants), declined=declined)


def current_deadline(workshop: Workshop) -> datetime:
    """The deadline of the round now open (round 2's once it has one), else round 1's."""
    if workshop.status is WorkshopStatus.ROUND2 and workshop.round2_deadline is not None:
        return workshop.round2_deadline
    return workshop.deadline


def outcome_line(flow: Flow, workshop: Workshop, recommendation: Recommendation | None) -> str | None:
    """What a finished workshop came to, in a few words; None while it runs."""
    if workshop.status is WorkshopStatus.CANCELLED:
        return "nothing was recommended"
    if workshop.status is not WorkshopStatus.DECIDED:
        return None
    option = next((o for o in flow.options if recommendation and o.id == recommendation.option_id), None)
    if recommendation is None or option is None:
        return recommended(None, None)
    return recommended(f"*{escape(option.label)}*", recommendation.confidence)


def status_card(
    workshop: Workshop,
    flow: Flow,
    participants: Sequence[Participant],
    outcome: str | None = None,
    link: str | None = None,
) -> StatusCard:
    return StatusCard(
        workshop_id=workshop.id,
        flow_title=flow.title,
        state=str(workshop.status),
        deadline=current_deadline(workshop),
        facilitator_id=workshop.facilitator_id,
        people=tuple(
            PersonStatus(user_id=p.user_id, progress=str(p.status), last_reminded=p.last_reminded_at)  # type: ignore[arg-type]
            for p in participants
        ),
        outcome=outcome,
        link=link,
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
                answer = answer_label(flow.question(dispute.question_id), latest.value)
            except KeyError:
                answer = str(latest.value)
        found.append(Settlement(dispute.question_id, answer, latest.rationale))
    return tuple(found)
