"""A Slack workspace's standing with the app, shared by every bot instance through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.models.workshop import SLACK_ID


class Workspace(Base):
    """Once the app is uninstalled from a workspace, or its bot token revoked, nothing more is done
    there until it is installed again; its workshops stay until an admin erases them. A workspace
    with no row has never been uninstalled (a single-workspace bot never writes one until then)."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    installed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    tokens_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def stopped(self) -> bool:
        return self.uninstalled_at is not None or self.tokens_revoked_at is not None
