"""Which Slack requests the app has acknowledged, remembered long enough to recognise Slack's retries
of them and people's double clicks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.models import HandledRequest

# Slack gives up retrying within minutes; a day is plenty and keeps the table small.
KEPT_FOR = timedelta(days=1)
# Rows per INSERT: well under SQLite's limit on bound parameters (two per row).
ROWS_PER_STATEMENT = 500


def handled_since(session: Session, digest: str, since: datetime) -> bool:
    query = select(exists().where(HandledRequest.digest == digest, HandledRequest.handled_at >= since))
    return bool(session.scalar(query))


def remember_handled(session: Session, handled: Mapping[str, datetime]) -> None:
    """Record each digest as handled at its time, in one multi-row INSERT per few hundred. A digest
    already stored (a double click, or another instance recording the same request) keeps the later
    of the two times, so a second click is measured from the latest click handled. Never commits."""
    # Sorted, so two instances writing overlapping batches lock the rows in the same order.
    rows = [{"digest": digest, "handled_at": at} for digest, at in sorted(handled.items())]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    chunks = iter(rows)
    while chunk := list(islice(chunks, ROWS_PER_STATEMENT)):
        statement = insert(HandledRequest).values(chunk)
        later = statement.excluded.handled_at
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[HandledRequest.digest],
                set_={"handled_at": later},
                where=HandledRequest.handled_at < later,
            )
        )


def forget_handled_before(session: Session, before: datetime) -> int:
    """Delete what is too old to matter; returns how many rows went. Never commits."""
    result = session.execute(delete(HandledRequest).where(HandledRequest.handled_at < before))
    return rowcount(result)
