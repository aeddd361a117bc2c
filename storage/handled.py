"""Which Slack requests the app has acknowledged, remembered long enough to recognise Slack's retries
of them and people's double clicks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.models import HandledRequest

# Slack gives up retrying within minutes; a day is plenty and keeps the table small.
KEPT_FOR = timedelta(days=1)


def handled_since(session: Session, digest: str, since: datetime) -> bool:
    query = select(exists().where(HandledRequest.digest == digest, HandledRequest.handled_at >= since))
    return bool(session.scalar(query))


def remember_handled(session: Session, handled: Mapping[str, datetime]) -> None:
    """Record each digest as handled at its time. A digest already stored (a double click, or another
    instance recording the same request) keeps the later of the two times, so a second click is
    measured from the latest click handled. Never commits."""
    # Sorted, so two instances writing overlapping batches lock the rows in the same order.
    rows = [{"digest": digest, "handled_at": at} for digest, at in sorted(handled.items())]
    if rows:
        postgres = session.get_bind().dialect.name == "postgresql"
        session.execute(_REMEMBER_POSTGRES if postgres else _REMEMBER_SQLITE, rows)


def _remember(dialect: Any) -> Any:
    """One statement for any number of rows, built once: a multi-row VALUES built per batch was
    compiled anew for every batch size, which cost more than writing the batch."""
    table = cast(Table, HandledRequest.__table__)
    statement = dialect.insert(table).values(digest=bindparam("digest"), handled_at=bindparam("handled_at"))
    later = statement.excluded.handled_at
    return statement.on_conflict_do_update(
        index_elements=[table.c.digest], set_={"handled_at": later}, where=table.c.handled_at < later
    )


_REMEMBER_POSTGRES = _remember(postgresql)
_REMEMBER_SQLITE = _remember(sqlite)


def forget_handled_before(session: Session, before: datetime) -> int:
    """Delete what is too old to matter; returns how many rows went. Never commits."""
    result = session.execute(delete(HandledRequest).where(HandledRequest.handled_at < before))
    return rowcount(result)
