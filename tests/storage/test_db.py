from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, StatementError
from sqlalchemy.orm import Session

from flows.errors import WorkshopError
from storage.db import make_engine
from storage.models import ScheduledItem


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "folder" / "bot.db"


def test_sqlite_file_gets_its_folder_wal_foreign_keys_and_busy_timeout(sqlite_file: Path) -> None:
    engine = make_engine(f"sqlite:///{sqlite_file}")
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
        assert sqlite_file.is_file()
    finally:
        engine.dispose()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg2"])
def test_postgres_urls_are_rewritten_to_psycopg_3(scheme: str) -> None:
    engine = make_engine(f"{scheme}://someone@db.example:5432/workshops")
    assert engine.url.drivername == "postgresql+psycopg"
    assert (engine.url.host, engine.url.database) == ("db.example", "workshops")
    engine.dispose()


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "not a url"])
def test_unsupported_urls_are_refused_with_the_form_to_use(url: str) -> None:
    with pytest.raises(WorkshopError, match=r"Use sqlite:///path/to/file\.db or postgresql://"):
        make_engine(url)


def _item(due_at: datetime) -> ScheduledItem:
    return ScheduledItem(team_id="T1", kind="reminder", dedupe_key="k", due_at=due_at, payload={})


def test_datetimes_come_back_timezone_aware_in_utc(engine: Engine) -> None:
    paris_evening = datetime(2026, 11, 20, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    with Session(engine) as session:
        session.add(_item(paris_evening))
        session.commit()
    with Session(engine) as session:
        due_at = session.scalars(select(ScheduledItem.due_at)).one()
    assert due_at.tzinfo is not None and due_at.utcoffset() == timedelta(0)
    assert due_at == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)


def test_a_naive_datetime_is_refused_not_guessed(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(_item(datetime(2026, 11, 20, 18, 30)))
        with pytest.raises(StatementError, match="pass a timezone-aware one"):
            session.flush()


def _killed_behind_the_pool(engine: Engine) -> None:
    """Leave one connection in the pool whose server process has been ended, as a restart or an
    idle timeout would leave it."""
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    libpq_dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq_dsn) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.mark.postgres
def test_a_pooled_postgres_connection_idle_past_the_limit_is_pinged_and_replaced(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=1, ping_after_idle=0.05)
    try:
        _killed_behind_the_pool(engine)
        time.sleep(0.1)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_connection_back_a_moment_ago_is_handed_out_unpinged(database_url: str) -> None:
    """The round trip each busy request saves; the cost is that a connection killed within the limit
    fails its one request, and the pool then replaces it."""
    engine = make_engine(database_url, pool_size=1, ping_after_idle=60)
    try:
        _killed_behind_the_pool(engine)
        with pytest.raises(OperationalError), engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()


def _lag_of_a_waiting_writer(engine: Engine, held: float) -> float:
    """Seconds from one writer's commit until a second writer, waiting for it, has written."""
    first_wrote, second_done = threading.Event(), [0.0]

    def second() -> None:
        first_wrote.wait()
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        second_done[0] = time.monotonic()

    waiter = threading.Thread(target=second)
    waiter.start()
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        first_wrote.set()
        time.sleep(held)
    committed = time.monotonic()
    waiter.join(10)
    return second_done[0] - committed


def test_sqlite_writers_in_one_process_take_turns_handed_on_at_commit(sqlite_file: Path) -> None:
    """A writer waiting for another's commit starts the moment it lands, rather than at SQLite's next
    retry (its busy handler sleeps up to 100 ms between tries by then), and no one is refused."""
    engine = make_engine(f"sqlite:///{sqlite_file}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        lags = [_lag_of_a_waiting_writer(engine, held=0.55) for _ in range(3)]
        assert min(lags) < 0.02, lags
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 6
    finally:
        engine.dispose()
