"""A workshop, the people invited to it, and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utc_now
from storage.models.states import ParticipantStatus, WorkshopStatus, state_column

SLACK_ID = 32  # Slack team, user and channel ids are short; this leaves room for enterprise grid ids.


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (
        # A retried `/hiring start` carries the same request key, so it finds this row instead of a twin.
        UniqueConstraint("team_id", "request_key"),
        Index(None, "team_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))
    enterprise_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID))
    facilitator_id: Mapped[str] = mapped_column(String(SLACK_ID))
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int] = mapped_column(Integer)
    flow_hash: Mapped[str] = mapped_column(String(64))
    # The definition as it was at the start: a later edit of the YAML never changes a running workshop.
    flow_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[WorkshopStatus] = mapped_column(
        state_column(WorkshopStatus, "workshop_status"), default=WorkshopStatus.COLLECTING
    )
    anonymous: Mapped[bool] = mapped_column(default=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    round2_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checkin_months: Mapped[list[int]] = mapped_column(JSON, default=lambda: [12])
    request_key: Mapped[str | None] = mapped_column(String(255))
    announcement_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    summary_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    # The ts of each of the summary's thread replies (the chart aside), so a revisited decision updates
    # them in place.
    summary_parts: Mapped[list[str] | None] = mapped_column(JSON)
    # The facilitator sees the recommendation privately before the channel does, unless turned off at
    # the start. `preview_ts`: the DM's ts; `preview_approved_at`: "Post to channel".
    preview: Mapped[bool] = mapped_column(default=True, server_default=false())
    preview_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    preview_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When retention purged its answers and free text (`bot.services.retention`); the decision record stays.
    answers_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Participant.id",
    )


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), index=True)
    role: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[ParticipantStatus] = mapped_column(
        state_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.INVITED
    )
    dm_channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    # Set once the invite DM is delivered, so a fan-out cut short is resumed rather than repeated.
    invite_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    delivery_error: Mapped[str | None] = mapped_column(Text)
    # The round-2 DM's ts once the outbox has posted it, so it can be updated when the round closes.
    round2_dm_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timezone: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    workshop: Mapped[Workshop] = relationship(back_populates="participants", lazy="raise")


class Answer(Base):
    """Append-only: a change is a new revision, and the highest revision is the one that counts.
    `latest` marks that revision, so reading a round's current answers reads only those rows
    rather than every revision ever made (it is cleared on the row a new revision replaces)."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id", "round", "revision"),
        Index(None, "workshop_id", "round", "latest", "participant_id"),
        CheckConstraint("round IN (1, 2)", name="round"),
        CheckConstraint("revision >= 1", name="revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(SmallInteger)
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[Any] = mapped_column(JSON)
    rationale: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    latest: Mapped[bool] = mapped_column(default=True, server_default=true())
