"""Who may do what, and when: each refusal says what was refused and what to do instead."""

from __future__ import annotations

from datetime import datetime

from flows.errors import NotAllowed, WrongState
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus

ANSWERING_STATUS = {1: WorkshopStatus.COLLECTING, 2: WorkshopStatus.ROUND2}


def require_facilitator(workshop: Workshop, by_user: str, is_admin: bool, action: str) -> None:
    if is_admin or by_user == workshop.facilitator_id:
        return
    raise NotAllowed(
        f"Only the facilitator <@{workshop.facilitator_id}> can {action} this workshop.",
        "Ask them, or a workspace admin, to do it.",
    )


def require_participant(workshop: Workshop, participant: Participant | None) -> Participant:
    if participant is None:
        raise NotAllowed(
            f"You are not invited to workshop {workshop.id}.",
            f"Ask the facilitator <@{workshop.facilitator_id}> to invite you.",
        )
    if participant.status is ParticipantStatus.DECLINED:
        raise NotAllowed(
            f"You declined workshop {workshop.id}, so it takes no answers from you.",
            f"Ask the facilitator <@{workshop.facilitator_id}> if you want to take part after all.",
        )
    return participant


def require_round_open(workshop: Workshop, round: int) -> None:
    if round not in ANSWERING_STATUS:
        raise WrongState(f"There is no round {round}.", "Answer round 1, or round 2 once it opens.")
    if workshop.status is ANSWERING_STATUS[round]:
        return
    if workshop.status is WorkshopStatus.CANCELLED:
        raise WrongState("This workshop was cancelled; it takes no more answers.")
    if round == 2 and workshop.status is WorkshopStatus.COLLECTING:
        raise WrongState(
            "This workshop's second round has not started.", "Answer the first round; round 2 opens after it."
        )
    raise WrongState(
        f"This workshop's answering round closed on {_day(workshop.closed_at)}; "
        "answers can no longer be changed."
    )


def require_active(workshop: Workshop, action: str) -> None:
    if workshop.status is WorkshopStatus.CANCELLED:
        raise WrongState(f"This workshop was cancelled, so you cannot {action} it.")
    if workshop.status is WorkshopStatus.DECIDED:
        raise WrongState(
            f"This workshop was decided on {_day(workshop.decided_at)}, so you cannot {action} it."
        )


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "an earlier date"
