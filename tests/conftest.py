"""Database fixtures for the whole suite: every test that asks for `database_url`, `engine` or
`session` runs once on an SQLite file and once on PostgreSQL, each in a database of its own.

Choose the half with `--db=sqlite|postgres|both` or TEST_DB (default both). PostgreSQL comes from
TEST_POSTGRES_URL; when it is unreachable that half is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import psycopg
import pytest
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.figures import figures

__all__ = ["figures"]

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgres")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=(*BACKENDS, "both"),
        default=None,
        help="which database the storage tests run on (default: TEST_DB, then both)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes tens of seconds; deselect with -m 'not slow'")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.getoption("--db") or os.environ.get("TEST_DB", "both")
    if chosen not in (*BACKENDS, "both"):
        raise pytest.UsageError(f"TEST_DB={chosen!r} is not one of sqlite, postgres, both")
    backends = BACKENDS if chosen == "both" else (chosen,)
    if metafunc.definition.get_closest_marker("postgres") is not None:
        # Marked by hand: the test needs PostgreSQL itself (several processes on one database).
        if "postgres" not in backends:
            skip = pytest.mark.skip(reason=f"needs PostgreSQL, and TEST_DB={chosen} leaves it out")
            metafunc.parametrize("db_backend", [pytest.param("postgres", id="postgres", marks=skip)])
            return
        backends = ("postgres",)
    metafunc.parametrize(
        "db_backend",
        [pytest.param(b, id=b, marks=[pytest.mark.postgres] if b == "postgres" else []) for b in backends],
    )


def _postgres_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@cache
def _postgres_unreachable_because() -> str | None:
    try:
        with psycopg.connect(_libpq_dsn(_postgres_url()), connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]


def _libpq_dsn(url: str) -> str:
    """The SQLAlchemy URL as a plain libpq one, for talking to the server without SQLAlchemy."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def database_url(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL to an empty database of this test's own: a fresh SQLite file, or a fresh PostgreSQL
    schema that every connection from the URL uses through its search_path."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'workshops.db'}"
        return
    why = _postgres_unreachable_because()
    if why is not None:
        message = f"PostgreSQL not reachable at {_postgres_url()} ({why})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL half", pytrace=False)
        pytest.skip(f"{message}: set TEST_POSTGRES_URL to run the PostgreSQL half")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin_dsn = _libpq_dsn(_postgres_url())
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(_postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def bare_engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty database, before any migration."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a database migrated to the newest schema."""
    upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session
