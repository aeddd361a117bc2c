"""Nudging the stakeholders who have not finished the open round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.common import Message, mention, slack_date
from bot.blocks.reminder import reminder_dm
from bot.delivery.outbox import Outbox, post_key
from bot.services.answers import AnswerService
from bot.services.guards import require_active, require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.fanout import write_invitations
from bot.workflows.launch import announce
from bot.workflows.presenters import workshop_view
from bot.workflows.slack_errors import UNREACHABLE
from flows.engine import visible_questions
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus
from storage.repositories import ReminderRepository

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
    session: Session, workshops: WorkshopService, workshop: Workshop, *, by_user: str, is_admin: bool = False
) -> Reminded:
    """Remind, once this transaction commits, everyone unfinished who was not reminded within the
    cooldown; returns who was reminded, and who was skipped for a recent reminder."""
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
    outbox = Outbox(session, workshops.scope.now)
    claims = ReminderRepository(session)
    outcome = Reminded()
    cooldown = workshops.scope.privacy.reminder_cooldown
    for participant in participants:
        if participant.status not in UNFINISHED or participant.dm_channel_id is None:
            continue
        now = workshops.scope.now()
        if not claims.claim(participant.id, now, cooldown):
            latest = workshops.refreshed(participant).last_reminded_at
            outcome.recently.append((participant.user_id, latest or now))
            continue
        answers = AnswerService(workshops.scope).current_answers(workshop.id, participant.id, 1)
        total = len(visible_questions(flow, answers))
        write_reminder(outbox, workshop, participant, reminder_dm(view, len(answers), total), now)
        outcome.sent.append(participant.user_id)
    return outcome


def write_reminder(
    outbox: Outbox, workshop: Workshop, participant: Participant, reminder: Message, claimed_at: datetime
) -> None:
    """The reminder claimed at `claimed_at` (`ReminderRepository.claim`), to the person's DM once this
    transaction commits: one per claim, so one per cooldown."""
    assert participant.dm_channel_id is not None, "only the invited are reminded"
    key = post_key(workshop, f"remind-p{participant.id}-{claimed_at:%Y%m%dT%H%M%S%f}")
    what = f"the reminder to <@{participant.user_id}>"
    outbox.post(workshop, key, participant.dm_channel_id, reminder, what, reminds=participant.id)


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
