"""Nudging the stakeholders who have not finished the open round."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.common import mention, slack_date
from bot.blocks.reminder import reminder_dm
from bot.delivery.pacing import post_message
from bot.services.answers import AnswerService
from bot.services.guards import require_active, require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.fanout import write_invitations
from bot.workflows.launch import announce
from bot.workflows.presenters import workshop_view
from bot.workflows.slack_errors import UNREACHABLE
from flows.engine import visible_questions
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus
from storage.reminding import claim_reminder, release_reminder

log = logging.getLogger(__name__)
UNFINISHED = (ParticipantStatus.INVITED, ParticipantStatus.ANSWERING)


@dataclass(frozen=True)
class Reminded:
    """Who was reminded now, and who was left alone because they had been reminded lately (and when).
    Names only the unfinished, which the facilitator sees in `/hiring status` already."""

    sent: list[str] = field(default_factory=list)
    recently: list[tuple[str, datetime]] = field(default_factory=list)


def reminded_text(outcome: Reminded) -> str:
    if not outcome.sent and not outcome.recently:
        return "Reminded nobody: everyone has answered or declined."
    lines = [
        f"Reminded {', '.join(mention(u) for u in outcome.sent)}." if outcome.sent else "Reminded nobody now."
    ]
    if outcome.recently:
        earlier = ", ".join(f"{mention(u)} ({slack_date(at)})" for u, at in outcome.recently)
        lines.append(f"Already reminded lately, so not again yet: {earlier}.")
    return " ".join(lines)


def remind_now(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    by_user: str | None,
    is_admin: bool = False,
    late: bool = False,
) -> Reminded:
    """Remind everyone unfinished (by_user None: the scheduler) who was not reminded within the
    cooldown; returns who was reminded, and who was skipped for a recent reminder."""
    if by_user is not None:
        require_facilitator(workshop, by_user, is_admin, "send reminders for")
    require_active(workshop, "send reminders for")
    if workshop.status is not WorkshopStatus.COLLECTING:
        return Reminded()
    # An announcement Slack refused at the start goes out now (written once: see `announce`).
    announce(session, workshops, workshop)
    _retry_failed_invitations(session, workshops, workshop)
    flow = workshops.flow_of(workshop)
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, flow, participants)
    outcome = Reminded()
    cooldown = workshops.scope.privacy.reminder_cooldown
    for participant in participants:
        if participant.status not in UNFINISHED or participant.dm_channel_id is None:
            continue
        now, before = workshops.scope.now(), participant.last_reminded_at
        if not claim_reminder(session, participant.id, now, cooldown):
            session.rollback()
            latest = workshops.refreshed(participant).last_reminded_at
            outcome.recently.append((participant.user_id, latest or now))
            continue
        session.commit()  # the claim is seen by every other sender before this one posts
        answers = AnswerService(workshops.scope).current_answers(workshop.id, participant.id, 1)
        total = len(visible_questions(flow, answers))
        try:
            post_message(client, participant.dm_channel_id, reminder_dm(view, len(answers), total, late))
        except SlackApiError as error:
            log.info("A reminder could not be delivered: %s", error.response.get("error"))
            release_reminder(session, participant.id, now, before)
            session.commit()
            continue
        outcome.sent.append(participant.user_id)
    return outcome


def _retry_failed_invitations(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
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
    write_invitations(session, workshops, workshop)
