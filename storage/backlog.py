"""What is waiting to be done, for the operator's metrics: scheduled items due and not yet run, and
posts due and not yet made. Read-only, in any workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Participant, ScheduledItem, ScheduledState, Workshop, WorkshopStatus

PENDING_POST = "pending:"
OUTBOX_KIND = "send"  # `bot.services.scheduling.ItemKind.SEND`: storage imports nothing of the app
# The columns a post's ts is written into (`bot.delivery.outbox.TsColumn`) whose emptiness is counted
# on its own: an invitation, and a summary's first message.
COUNTED_BY_COLUMN = ("participant.invite_ts", "workshop.summary_ts")


def scheduled_backlog(session: Session, now: datetime) -> tuple[int, datetime | None]:
    """How many pending items are due by `now`, and when the oldest of them fell due."""
    due = (ScheduledItem.state == ScheduledState.PENDING) & (ScheduledItem.due_at <= now)
    count, oldest = session.execute(select(func.count(), func.min(ScheduledItem.due_at)).where(due)).one()
    return int(count or 0), oldest


def posts_waiting(session: Session) -> dict[str, int]:
    """Posts due and not yet made, by kind, each counted once: invitations not yet delivered,
    decided workshops' summaries not yet posted, and every other post waiting in the outbox
    (announcements, what closing a round posts, reminders, check-ins)."""
    claimed_or_unposted = Participant.invite_ts.is_(None) | Participant.invite_ts.startswith(PENDING_POST)
    invitations = (
        select(func.count())
        .select_from(Participant)
        .join(Workshop)
        .where(
            Workshop.status == WorkshopStatus.COLLECTING,
            claimed_or_unposted,
            Participant.delivery_error.is_(None),
        )
    )
    unsummarised = Workshop.summary_ts.is_(None) | Workshop.summary_ts.startswith(PENDING_POST)
    summaries = select(func.count()).where(Workshop.status == WorkshopStatus.DECIDED, unsummarised)
    # An invitation or a summary's first message waiting in the outbox is counted above already,
    # by the column its ts will fill.
    others = select(func.count()).where(
        ScheduledItem.kind == OUTBOX_KIND,
        ScheduledItem.state.in_([ScheduledState.PENDING, ScheduledState.CLAIMED]),
        func.coalesce(ScheduledItem.payload["ts_into"].as_string(), "").not_in(COUNTED_BY_COLUMN),
    )
    return {
        "invitation": session.scalar(invitations) or 0,
        "summary": session.scalar(summaries) or 0,
        "other": session.scalar(others) or 0,
    }
