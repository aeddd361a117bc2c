"""What happens after the decision: scheduled work, and the check-ins against success criteria."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from flows.ratings import Rating
from storage.base import Base, UTCDateTime, utc_now
from storage.models.states import CheckInStatus, ScheduledState, state_column
from storage.models.workshop import SLACK_ID


class ScheduledItem(Base):
    """A durable job: claimed under a lease so two bot processes never run the same one twice."""

    __tablename__ = "scheduled_items"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "dedupe_key"),
        Index(None, "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Null for a workspace-wide job; otherwise the job goes when its workshop does.
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    kind: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str] = mapped_column(String(255))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[ScheduledState] = mapped_column(
        state_column(ScheduledState, "scheduled_state"), default=ScheduledState.PENDING
    )
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The effects already had (a message sent, a round closed), written as each happens, so a run
    # taken over after its claimer died skips them instead of repeating them.
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text)  # what the last run did, in words


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("workshop_id", "months"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[CheckInStatus] = mapped_column(
        state_column(CheckInStatus, "checkin_status"), default=CheckInStatus.SCHEDULED
    )
    summary_json: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    posted_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    # Bumped by every snooze, reschedule or cancel: a job scheduled for an older version is stale.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    option_id: Mapped[str | None] = mapped_column(String(64))  # the option judged, fixed when it opens


class CheckInRating(Base):
    """Append-only like answers: a changed rating is a new revision, the highest one counts."""

    __tablename__ = "checkin_ratings"
    __table_args__ = (
        # Named by hand: the conventional name is longer than PostgreSQL's 63-character limit.
        UniqueConstraint(
            "checkin_id", "participant_id", "criterion_id", "revision", name="uq_checkin_ratings_revision"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    rating: Mapped[Rating] = mapped_column(state_column(Rating, "rating"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
