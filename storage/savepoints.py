"""A savepoint that holds on SQLite as it does on PostgreSQL.

Python's sqlite3 driver (before 3.12's `autocommit`) begins a transaction only before an INSERT,
UPDATE or DELETE. A SAVEPOINT issued before any of those therefore begins SQLite's transaction
itself, and releasing that savepoint commits it: what was written inside was kept even when the
unit of work around it rolled back. SQLAlchemy's remedy (`isolation_level=None` and a BEGIN on
every transaction) would make every read start a snapshot, so a unit that reads and then writes
would fail at once whenever another writer committed in between; here only a savepoint begins
the transaction first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, SessionTransaction


@contextmanager
def savepoint(session: Session) -> Iterator[SessionTransaction]:
    """`session.begin_nested()`, inside the session's transaction on every database."""
    if session.get_bind().dialect.name == "sqlite":
        driver = session.connection().connection.driver_connection
        if driver is not None and not driver.in_transaction:
            driver.execute("BEGIN")
    with session.begin_nested() as nested:
        yield nested
