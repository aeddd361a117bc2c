"""Nudging the stakeholders who have not finished the open round."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.reminder import reminder_dm
from bot.pacing import post_message
from bot.presenters import workshop_view
from bot.workflows.fanout import deliver_invitations
from bot.workflows.launch import announce
from bot.workflows.slack_errors import UNREACHABLE
from flows.engine import visible_questions
from flows.errors import WorkshopError
from storage.guards import require_active, require_facilitator
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus
from storage.service import WorkshopService

log = logging.getLogger(__name__)
UNFINISHED = (ParticipantStatus.INVITED, ParticipantStatus.ANSWERING)


def remind_now(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    by_user: str | None,
    is_admin: bool = False,
    late: bool = False,
) -> list[str]:
    """Remind everyone unfinished (by_user None: the scheduler); returns the user ids reminded."""
    if by_user is not None:
        require_facilitator(workshop, by_user, is_admin, "send reminders for")
    require_active(workshop, "send reminders for")
    if workshop.status is not WorkshopStatus.COLLECTING:
        return []
    _announce_if_not_yet(client, session, workshops, workshop)
    _retry_failed_invitations(client, session, workshops, workshop)
    flow = workshops.flow_of(workshop)
    participants = workshops.workshops.participants(workshop.id)
    view = workshop_view(workshop, flow, participants)
    reminded: list[str] = []
    for participant in participants:
        if participant.status not in UNFINISHED or participant.dm_channel_id is None:
            continue
        answers = workshops.current_answers(workshop.id, participant.id, 1)
        total = len(visible_questions(flow, answers))
        try:
            post_message(client, participant.dm_channel_id, reminder_dm(view, len(answers), total, late))
        except SlackApiError as error:
            log.info("A reminder could not be delivered: %s", error.response.get("error"))
            continue
        session.execute(
            update(Participant)
            .where(Participant.id == participant.id)
            .values(last_reminded_at=workshops.now())
        )
        session.commit()
        reminded.append(participant.user_id)
    return reminded


def _announce_if_not_yet(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop
) -> None:
    """An announcement Slack refused at the start goes out now (posted once: see `announce`)."""
    try:
        announce(client, session, workshops, workshop)
    except WorkshopError as problem:
        log.warning("Workshop %s is still not announced: %s", workshop.id, problem.problem)


def _retry_failed_invitations(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop
) -> None:
    """A transient failure (not a bot, not a deactivated account) gets another invitation."""
    session.execute(
        update(Participant)
        .where(
            Participant.workshop_id == workshop.id,
            Participant.delivery_error.is_not(None),
            Participant.delivery_error.not_in(list(UNREACHABLE)),
        )
        .values(delivery_error=None)
    )
    session.commit()
    deliver_invitations(client, session, workshops, workshop.team_id, workshop.id)
