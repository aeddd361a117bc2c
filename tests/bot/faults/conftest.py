"""Fixtures of the fault tests. Behaviour that does not depend on the database (Slack's faults, the
bot's retry policy, what people are shown) runs on an SQLite file only, to keep the suite quick;
what the database decides (claims, retries recognised, concurrent writes) runs on both."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo.plan import Story, plan_story
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.faults.logscan import SEARCHED, LogLines, leaks, typed_words
from tests.bot.scenario import flow
from tests.bot.scheduler.conftest import clock, timed
from tests.figures import Figures

__all__ = ["acme_on_sqlite", "clock", "on_sqlite", "sqlite_url", "timed", "timed_on_sqlite"]

# Log lines scanned by every fault test of this run, for the report (`-s` prints the total).
STORY_FLOW = "000-head-of-ai-or-product-lead"
SCANNED = {"lines": 0, "tests": 0}


@pytest.fixture(autouse=True)
def logs_keep_answers_out(request: pytest.FixtureRequest, figures: Figures) -> Iterator[LogLines]:
    """Everything logged during the test, at every level, must be free of what people answered and
    of participants' ids. Checked at teardown, after the bot has stopped, so its last lines count."""
    # Taken now, so the sandbox (with what people typed) outlives the bot and this scan.
    sandbox = request.getfixturevalue("sandbox") if "sandbox" in request.fixturenames else None
    handler, root = LogLines(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    words = typed_words(sandbox) if sandbox is not None else set()
    words |= set(request.node.stash.get(SEARCHED, set()))
    SCANNED["lines"] += len(handler.lines)
    SCANNED["tests"] += 1
    figures("log lines scanned for answers, reasons and participant ids", len(handler.lines))
    found = leaks(handler.lines, words)
    assert not found, f"{len(found)} log line(s) hold an answer, a reason or a participant id: {found[:3]}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCANNED["tests"]:
        terminalreporter.write_line(
            f"fault suites: {SCANNED['lines']} log lines of {SCANNED['tests']} tests scanned for answers, "
            "reasons and participant ids"
        )


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


@pytest.fixture
def story() -> Story:
    """The demo's story of the first flow for the five people of PANEL, drawn with seed 1."""
    return plan_story(flow(STORY_FLOW), len(PANEL), seed=1)
