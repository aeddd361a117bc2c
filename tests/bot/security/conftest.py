"""Fixtures of the security tests: a second workspace with its own people, the bot over signed HTTP
(where signatures are checked), and the scheduler tests' bot on a manual clock (for check-ins)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from tests.bot.conftest import TEAM, Workspace
from tests.bot.faults.conftest import acme_on_sqlite, on_sqlite, sqlite_url, timed_on_sqlite
from tests.bot.scheduler.conftest import clock, timed

__all__ = [
    "acme_on_sqlite",
    "clock",
    "http_bot",
    "on_sqlite",
    "rivals",
    "sqlite_url",
    "timed",
    "timed_on_sqlite",
]

RIVAL_TEAM, RIVAL, RIVAL_CHANNEL = "T_RIVAL", "U_RIVAL", "C_RIVAL"


@pytest.fixture
def rivals(sandbox: Sandbox) -> Sandbox:
    """Another workspace where the app is installed too, with a person and a channel of its own."""
    sandbox.add_team(RIVAL_TEAM, name="Rival")
    sandbox.add_user(RIVAL_TEAM, RIVAL, real_name="Rita Rival")
    sandbox.add_channel(RIVAL_TEAM, "rival-leads", channel_id=RIVAL_CHANNEL, members=[RIVAL])
    return sandbox


@pytest.fixture
def http_bot(sandbox: Sandbox, sqlite_url: str) -> Iterator[Workspace]:
    """The bot over signed HTTP on an SQLite file: checking signatures does not depend on the database."""
    with LocalBot(sandbox, TEAM, sqlite_url, transport="http") as bot:
        yield Workspace(sandbox, bot)
