"""What the rounds found and what was decided: disputes, their resolutions, recommendations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utc_now
from storage.models.states import Confidence, DisputeStatus, state_column
from storage.models.workshop import SLACK_ID


class Dispute(Base):
    __tablename__ = "disputes"
    __table_args__ = (UniqueConstraint("workshop_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    decisive: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DisputeStatus] = mapped_column(
        state_column(DisputeStatus, "dispute_status"), default=DisputeStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    resolutions: Mapped[list[Resolution]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True, order_by="Resolution.id"
    )


class Resolution(Base):
    """Append-only history of the facilitator's settlements of one dispute; the latest one counts."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    # SQL NULL, not JSON null, marks a dispute left open on purpose.
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    rationale: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(SLACK_ID))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("workshop_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    # Both None when the engine recommends nothing yet (missing evidence, or a tie at the top).
    option_id: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[Confidence | None] = mapped_column(state_column(Confidence, "confidence"))
    analysis_json: Mapped[dict[str, Any]] = mapped_column(JSON)  # a flows.engine.model.Analysis
    summary_mrkdwn: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
