"""The facilitator's preview: the recommendation reaches them privately first, with "Post to
channel" and "Not yet", and a reminder 24 hours on. The DM is claimed on `preview_ts` like every
post, so it goes out once across retries, instances and crashes; "Post to channel" is a conditional
update, so two clicks post once."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.preview import preview_message, preview_posted
from bot.delivery.pacing import post_message
from bot.services.scheduling import cancel_preview_reminders, schedule_preview_reminder
from bot.services.workshops import WorkshopService
from bot.workflows import claims
from bot.workflows.announcement import count_changed
from bot.workflows.home import refresh_homes
from bot.workflows.invitations import refresh_invitations
from bot.workflows.slack_errors import error_code
from bot.workflows.summary import messages_for, publish_summary
from flows.errors import WorkshopError
from storage.base import rowcount
from storage.models import Workshop

REMIND_AFTER = timedelta(hours=24)


def send_preview(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    revised: bool = False,
) -> None:
    """DM the preview once; with `revised` (a decision revisited before posting), edit the one sent."""
    messages = messages_for(workshops, workshop)
    message = preview_message(messages[0], workshop.id, workshop.channel_id)
    if claims.claim(session, Workshop.preview_ts, workshop.id, now=workshops.scope.now().timestamp()):
        try:
            ts = post_message(client, workshop.facilitator_id, message)["ts"]
        except (SlackApiError, TimeoutError, OSError) as error:
            claims.settle(session, Workshop.preview_ts, workshop.id, None)
            code = error_code(error) if isinstance(error, SlackApiError) else "no answer in time"
            raise WorkshopError(
                f"I could not send you the preview of workshop #{workshop.id}'s recommendation ({code}).",
                "It is sent again within a few minutes; nothing was lost.",
            ) from None
        schedule_preview_reminder(session, workshop, workshops.scope.now() + REMIND_AFTER)
        claims.settle(session, Workshop.preview_ts, workshop.id, ts)  # commits the reminder with it
        workshop.preview_ts = ts
    elif revised and workshop.preview_ts and not claims.is_claim(workshop.preview_ts):
        dm = client.conversations_open(users=workshop.facilitator_id)["channel"]["id"]
        client.chat_update(channel=dm, ts=workshop.preview_ts, **message.to_dict())


def approve(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop, by_user: str
) -> bool:
    """ "Post to channel": True when this click approved it (a second click finds it done). The post
    itself is the summary's own claimed series."""
    approved = rowcount(
        session.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id, Workshop.preview_approved_at.is_(None))
            .values(preview_approved_at=workshops.scope.now())
        )
    )
    cancel_preview_reminders(session, workshop.id)
    count_changed(session, workshops, workshop)  # the announcement can now say it is posted
    session.commit()
    session.refresh(workshop)
    if approved:
        publish_summary(client, session, workshops, workshop)
        # Held back until now, the link to the posted recommendation reaches the invitations and
        # App Homes only once the channel can see it.
        refresh_invitations(client, workshops, workshop)
        people = [p.user_id for p in workshops.participants(workshop.id)]
        refresh_homes(client, session, workshops, workshop.team_id, [*people, workshop.facilitator_id])
    return bool(approved)


def hold(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    """ "Not yet": the reminder moves to 24 hours from now."""
    schedule_preview_reminder(session, workshop, workshops.scope.now() + REMIND_AFTER)
    session.commit()


def posted_preview(workshops: WorkshopService, workshop: Workshop) -> Message:
    """What the preview DM becomes once posted."""
    messages = messages_for(workshops, workshop)
    return preview_posted(messages[0], workshop.id, workshop.channel_id)
