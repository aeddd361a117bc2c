"""Fixtures of the fault tests. Behaviour that does not depend on the database (Slack's faults, the
bot's retry policy, what people are shown) runs on an SQLite file only, to keep the suite quick;
what the database decides (claims, retries recognised, concurrent writes) runs on both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.local import LocalBot
from bot.sandbox import Sandbox
from tests.bot.conftest import TEAM, Workspace
from tests.bot.scheduler.conftest import clock, timed

__all__ = ["acme_on_sqlite", "clock", "on_sqlite", "sqlite_url", "timed", "timed_on_sqlite"]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workshops.db'}"


@pytest.fixture(params=["socket", "http"])
def on_sqlite(request: pytest.FixtureRequest, sandbox: Sandbox, sqlite_url: str) -> Iterator[Workspace]:
    with LocalBot(sandbox, TEAM, sqlite_url, transport=request.param) as bot:
        yield Workspace(sandbox, bot)


@pytest.fixture
def acme_on_sqlite(sandbox: Sandbox, sqlite_url: str) -> Iterator[Workspace]:
    """The team over Socket Mode, on an SQLite file."""
    with LocalBot(sandbox, TEAM, sqlite_url) as bot:
        yield Workspace(sandbox, bot)


@pytest.fixture
def timed_on_sqlite(sandbox: Sandbox, sqlite_url: str, clock: ManualClock) -> Iterator[Workspace]:
    """The scheduler tests' bot on its manual clock, over HTTP, on an SQLite file."""
    with LocalBot(sandbox, TEAM, sqlite_url, transport="http", clock=clock) as bot:
        yield Workspace(sandbox, bot)
