"""Slack requests the app has acknowledged, so Slack's retries of them are not handled twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime


class HandledRequest(Base):
    """One acknowledged request, by a digest of its body: Slack retries a request with the very same
    body, so a retry finds its first attempt here. Holds no content, only the digest and when."""

    __tablename__ = "handled_requests"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
