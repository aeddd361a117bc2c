"""The facilitator's preview: the recommendation reaches them privately first, with "Post to
channel" and "Not yet", and a reminder 24 hours on. The DM is written to the outbox in the deciding
transaction, so it goes out once across retries, instances and crashes; "Post to channel" is a
conditional update, so two clicks post once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.preview import preview_message, preview_posted
from bot.delivery.outbox import Outbox, post_key
from bot.services.scheduling import cancel_preview_reminders, schedule_preview_reminder
from bot.services.workshops import WorkshopService
from bot.workflows.announcement import count_changed
from bot.workflows.summary import messages_for, write_summary
from storage.base import rowcount
from storage.models import Workshop

REMIND_AFTER = timedelta(hours=24)
PREVIEW = "preview"
WHAT = "your private preview of the recommendation"


def write_preview(
    session: Session, workshops: WorkshopService, workshop: Workshop, *, revised: bool = False
) -> None:
    """The preview DM, once; with `revised` (a decision revisited before posting), its edit."""
    outbox = Outbox(session, workshops.scope.now)
    message = preview_message(messages_for(workshops, workshop)[0], workshop.id, workshop.channel_id)
    key = post_key(workshop, PREVIEW)
    if not outbox.written(workshop, key) and workshop.preview_ts is None:
        outbox.post(
            workshop,
            key,
            workshop.facilitator_id,
            message,
            WHAT,
            ts_into=("workshop.preview_ts", workshop.id),
        )
        schedule_preview_reminder(session, workshop, workshops.scope.now() + REMIND_AFTER)
    elif revised:
        # Keyed by the decision's moment: each revisit is an edit of its own.
        edit = post_key(workshop, f"{PREVIEW}-edit-{workshops.scope.now().timestamp():.6f}")
        located = {"ts": workshop.preview_ts} if workshop.preview_ts else {"ts_of": key}
        outbox.update(workshop, edit, workshop.facilitator_id, message, WHAT, **located)


def approve(session: Session, workshops: WorkshopService, workshop: Workshop) -> bool:
    """ "Post to channel": True when this click approved it (a second click finds it done), and then
    the summary is written in the same transaction."""
    approved = rowcount(
        session.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id, Workshop.preview_approved_at.is_(None))
            .values(preview_approved_at=workshops.scope.now())
        )
    )
    cancel_preview_reminders(session, workshop.id)
    session.refresh(workshop)
    if approved:
        count_changed(session, workshops, workshop)  # the announcement can now say it is posted
        # The invitations and App Homes get the link once the channel can see it (the summary's follow-up).
        write_summary(session, workshops, workshop)
    return bool(approved)


def hold(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    """ "Not yet": the reminder moves to 24 hours from now."""
    schedule_preview_reminder(session, workshop, workshops.scope.now() + REMIND_AFTER)


def posted_preview(workshops: WorkshopService, workshop: Workshop) -> Message:
    """What the preview DM becomes once posted."""
    messages = messages_for(workshops, workshop)
    return preview_posted(messages[0], workshop.id, workshop.channel_id)
