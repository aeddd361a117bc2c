"""A workspace's standing: installed, uninstalled, or its bot token revoked. Stopping a workspace
cancels everything scheduled for it, so no instance of the bot does more work there. Functions work
inside the caller's transaction and never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.models import ScheduledItem, ScheduledState, Workspace

WAITING = (ScheduledState.PENDING, ScheduledState.CLAIMED)
_UNCLAIMED: dict[str, Any] = {"claimed_by": None, "lease_until": None}


def record_installed(session: Session, team_id: str, at: datetime) -> None:
    """Installed (again): whatever stopped the workspace before no longer holds."""
    _upsert(session, team_id, installed_at=at, uninstalled_at=None, tokens_revoked_at=None)


def record_uninstalled(session: Session, team_id: str, at: datetime) -> int:
    """The app was removed: stop, and return how many scheduled items were cancelled."""
    _upsert(session, team_id, uninstalled_at=at)
    return cancel_scheduled(session, team_id, "the app was uninstalled from this workspace")


def record_tokens_revoked(session: Session, team_id: str, at: datetime) -> int:
    """The bot token was revoked: stop, and return how many scheduled items were cancelled."""
    _upsert(session, team_id, tokens_revoked_at=at)
    return cancel_scheduled(session, team_id, "the app's token for this workspace was revoked")


def is_stopped(session: Session, team_id: str) -> bool:
    workspace = session.scalars(select(Workspace).where(Workspace.team_id == team_id)).one_or_none()
    return workspace is not None and workspace.stopped


def cancel_scheduled(session: Session, team_id: str, why: str) -> int:
    """Cancel what is waiting or running for the team; done and failed items keep their record."""
    result = session.execute(
        update(ScheduledItem)
        .where(ScheduledItem.team_id == team_id, ScheduledItem.state.in_(WAITING))
        .values(state=ScheduledState.CANCELLED, outcome=f"cancelled: {why}", **_UNCLAIMED)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


def _upsert(session: Session, team_id: str, **values: Any) -> None:
    # One statement, so two instances handling the same event at once cannot both insert.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Workspace).values(team_id=team_id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=[Workspace.team_id], set_=values))
