"""What is waiting to be done, for the operator's metrics: scheduled items due and not yet run, and
posts due and not yet made. Read-only, in any workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Participant, ScheduledItem, ScheduledState, Workshop, WorkshopStatus

PENDING_POST = "pending:"
OUTBOX_KIND = "send"  # `bot.services.scheduling.ItemKind.SEND`: storage imports nothing of the app


def scheduled_backlog(session: Session, now: datetime) -> tuple[int, datetime | None]:
    """How many pending items are due by `now`, and when the oldest of them fell due."""
    due = (ScheduledItem.state == ScheduledState.PENDING) & (ScheduledItem.due_at <= now)
    count, oldest = session.execute(select(func.count(), func.min(ScheduledItem.due_at)).where(due)).one()
    return int(count or 0), oldest


def posts_waiting(session: Session) -> dict[str, int]:
    """Posts due and not yet made, by kind: invitations (with their announcement), the outbox's posts
    (what closing a round posts), and decided workshops' summaries."""
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
    # What closing a round posts waits in the outbox: pending items of the kind the outbox writes.
    round_news = select(func.count()).where(
        ScheduledItem.kind == OUTBOX_KIND,
        ScheduledItem.state.in_([ScheduledState.PENDING, ScheduledState.CLAIMED]),
    )
    unsummarised = Workshop.summary_ts.is_(None) | Workshop.summary_ts.startswith(PENDING_POST)
    summaries = select(func.count()).where(Workshop.status == WorkshopStatus.DECIDED, unsummarised)
    return {
        "invitation": session.scalar(invitations) or 0,
        "round_news": session.scalar(round_news) or 0,
        "summary": session.scalar(summaries) or 0,
    }
