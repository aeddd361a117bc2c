"""Erasing a workspace for a data-protection request: its workshops and everything under them, what
is scheduled for it, its Slack installation records and its standing. The one way both `/hiring
delete` and `hiring-workshop workspace delete` erase, inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, delete, func, select
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.db import checkpoint_wal
from storage.models import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    Answer,
    Participant,
    ScheduledItem,
    Workshop,
    Workspace,
)
from storage.repositories import WorkshopRepository


@dataclass(frozen=True)
class Erased:
    team_id: str
    workshops: int
    participants: int
    answers: int
    scheduled_items: int
    installations: int  # slack_installations and slack_bots rows

    def describe(self) -> str:
        return (
            f"{self.workshops} workshop(s) with {self.participants} participant(s) and {self.answers} "
            f"answer(s), {self.scheduled_items} scheduled item(s) and {self.installations} Slack "
            f"installation record(s) of workspace {self.team_id}"
        )


def erase_workspace(session: Session, team_id: str) -> Erased:
    """Delete every row stored for the team; another team's rows are untouched."""
    of_team = Workshop.team_id == team_id
    counted = Erased(
        team_id=team_id,
        workshops=_count(session, select(Workshop.id).where(of_team)),
        participants=_count(session, select(Participant.id).join(Workshop).where(of_team)),
        answers=_count(session, select(Answer.id).join(Workshop).where(of_team)),
        scheduled_items=_count(session, select(ScheduledItem.id).where(ScheduledItem.team_id == team_id)),
        installations=_delete_team_rows(session, SLACK_INSTALLATIONS, team_id)
        + _delete_team_rows(session, SLACK_BOTS, team_id),
    )
    # The repository deletes scheduled items and workshops; the database cascades to the rest.
    WorkshopRepository(session).delete_team(team_id)
    session.execute(delete(Workspace).where(Workspace.team_id == team_id))
    return counted


def clear_from_disk(session: Session) -> bool:
    """After the erase is committed: on SQLite the write-ahead log still holds copies of the erased
    rows' pages until a checkpoint, so run one now (deleted content in the file itself is zeroed by
    `secure_delete`, see `storage.db`). False when a reader kept the log from being emptied."""
    return checkpoint_wal(session.get_bind())  # type: ignore[arg-type]


def _count(session: Session, ids: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(ids.subquery())) or 0


def _delete_team_rows(session: Session, table: Table, team_id: str) -> int:
    return rowcount(session.execute(delete(table).where(table.c.team_id == team_id)))
