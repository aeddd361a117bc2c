"""Engines and sessions: SQLite for one small workspace, PostgreSQL for anything larger."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker

from flows.errors import WorkshopError
from storage.sqlite_writers import turn_taking_connection

SQLITE_BUSY_TIMEOUT_MS = 5000
# A pooled PostgreSQL connection idle at least this long is checked before it is handed out.
PING_AFTER_IDLE_SECONDS = 1.0
_POSTGRES_BACKENDS = {"postgres", "postgresql"}


# Every engine hides statement parameters (`hide_parameters=True`): a database error's message
# would otherwise carry them, and with them people's answers, reasons and participant ids, into
# the log at ERROR whatever LOG_LEVEL says.


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    ping_after_idle: float = PING_AFTER_IDLE_SECONDS,
) -> Engine:
    """An engine for an SQLite file (WAL, foreign keys on, a busy timeout) or PostgreSQL via psycopg 3."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, pool_size=pool_size, max_overflow=max_overflow)
    if parsed.drivername.partition("+")[0] in _POSTGRES_BACKENDS:
        # psycopg 3 is the one PostgreSQL driver installed, whatever driver the URL names.
        engine = create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_size=pool_size,
            max_overflow=max_overflow,
            hide_parameters=True,
        )
        _ping_idle_connections(engine, ping_after_idle)
        return engine
    raise WorkshopError(
        f"The database URL uses '{parsed.drivername}', which this app does not support.",
        "Use sqlite:///path/to/file.db or postgresql://user@host/database.",
    )


def checkpoint_wal(engine: Engine) -> bool:
    """On SQLite, copy the write-ahead log into the database and empty it, so text just deleted or
    replaced is no longer anywhere on disk (the busy timeout lets readers finish first). False when a
    reader held on past it and the log could not be emptied; PostgreSQL has nothing to do."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        row = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
    return row is not None and row[0] == 0


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: a handler commits, then renders what it just stored.
    return sessionmaker(engine, expire_on_commit=False)


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise WorkshopError(
            "The database URL is not a URL SQLAlchemy can read.",
            "Use sqlite:///path/to/file.db or postgresql://user@host/database.",
        ) from None


def _ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """`pool_pre_ping`, but only for a connection that sat in the pool for `idle_seconds` or more.

    What kills a pooled connection (a restart, a failover, an idle timeout, a dropped NAT entry)
    catches it idle; one returned a moment ago has just worked. Pinging every checkout cost each
    request a round trip under load. A connection that does fail in use is reported by SQLAlchemy
    as a disconnect, which also retires every pooled connection older than it.
    """

    @event.listens_for(engine.pool, "checkin")
    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return  # new, or back a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # As pool_pre_ping does: the pool reconnects, and retires connections older than this.
                raise InvalidatePoolError() from error
            raise


def _sqlite_engine(url: URL, *, pool_size: int, max_overflow: int) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    # Bolt runs listeners on worker threads; a pooled connection may be used by a thread other than
    # the one that opened it, which is safe because the pool hands it to one thread at a time.
    connect: dict[str, Any] = {"check_same_thread": False}
    pool: dict[str, Any] = {}
    if not in_memory:
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
        pool = {"pool_size": pool_size, "max_overflow": max_overflow}
        connect["factory"] = turn_taking_connection(SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect, hide_parameters=True, **pool)
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the bot read while one writer writes; foreign keys are off in SQLite by default,
        # and cascading deletes depend on them; the busy timeout makes a second writer wait its turn.
        # secure_delete zeroes what a delete or an update frees, so erased answers and replaced plain
        # tokens do not linger in the file's free space (`checkpoint_wal` clears the log's copies).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
