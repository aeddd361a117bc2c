from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import StatementError
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
