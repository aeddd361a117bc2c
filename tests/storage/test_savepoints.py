"""Savepoints inside a unit of work, on both databases: what they hold goes with the unit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import ScheduledItem
from storage.savepoints import savepoint

DUE = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _item(key: str) -> ScheduledItem:
    return ScheduledItem(team_id="T1", kind="nudge", dedupe_key=key, due_at=DUE, payload={})


def _keys(session_factory: sessionmaker[Session]) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(ScheduledItem.dedupe_key).order_by(ScheduledItem.dedupe_key)))


def test_a_savepoint_first_in_a_unit_is_rolled_back_with_it(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        with savepoint(session):
            session.add(_item("inside"))
        session.add(_item("after"))
        session.flush()
        session.rollback()
    assert _keys(session_factory) == []


def test_a_failed_savepoint_leaves_the_rest_of_the_unit_to_commit(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        session.add(_item("taken"))
        session.commit()
    with session_factory() as session:
        with pytest.raises(IntegrityError), savepoint(session):
            session.add(_item("taken"))
            session.flush()
        session.add(_item("kept"))
        session.commit()
    assert _keys(session_factory) == ["kept", "taken"]
