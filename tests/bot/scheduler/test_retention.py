"""The daily retention purge, as the running bot does it: planned at start when RETENTION_MONTHS is
set, run by the scheduler each day, each run planning the next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.services.answers import AnswerService
from bot.services.scheduling import ItemKind, cancel_checkin
from storage.models import Answer, CheckIn, ScheduledState, Workshop
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import FLOW, example_answers, items

PURGED_TEXT = "Our moat is the Quillfeather pricing model"


def start_with_roles(ws: Workspace) -> Workshop:
    """`/hiring start FLOW @… role …` for the whole panel, each in their PANEL role (the flow needs
    a CEO and a CTO to recommend anything), then the fan-out. Without the facilitator's preview: the
    recommendation goes straight to the channel, where it must outlive the purge."""
    people = " ".join(f"<@{u}|{u.lower()}> {role}" for u, role in PANEL.items())
    ws.facilitator.slash("/hiring", f"start {FLOW} {people} --no-preview", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Workshop).order_by(Workshop.id.desc())).first()  # type: ignore[return-value]


@pytest.fixture
def keeping_a_month(sandbox: Sandbox, database_url: str, clock: ManualClock) -> Iterator[Workspace]:
    with LocalBot(
        sandbox, TEAM, database_url, transport="http", clock=clock, extra_settings={"RETENTION_MONTHS": 1}
    ) as bot:
        yield Workspace(sandbox, bot)


def decide(ws: Workspace, workshop: Workshop, free_text: str | None = None) -> None:
    """Everyone answers (with `free_text` for the CTO, in many revisions: many pages, as a real
    workshop's answers take), the round is closed, and the facilitator drops the 12-month check-in:
    nothing keeps the answers past the retention months."""
    with ws.bot.runtime.sessions() as session:
        answering = AnswerService(ws.bot.runtime.scope(session))
        for user in PANEL:
            answering.record_answers(TEAM, workshop.id, user, example_answers(0))
            session.commit()
        for revision in range(20 if free_text else 0):
            text = {"failure_worry": f"{free_text} {revision}"}
            answering.record_answers(TEAM, workshop.id, "U_CTO", text)
            session.commit()
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        cancel_checkin(session, session.scalars(select(CheckIn)).one())
        session.commit()


def answers(ws: Workspace) -> int:
    with ws.bot.runtime.sessions() as session:
        return session.scalar(select(func.count(Answer.id))) or 0


def test_the_daily_purge_takes_the_answers_once_the_months_have_passed(
    keeping_a_month: Workspace, clock: ManualClock
) -> None:
    ws = keeping_a_month
    decide(ws, start_with_roles(ws))
    stored = answers(ws)
    assert stored > 0

    [today] = [r for r in ws.bot.run_due() if r.kind == ItemKind.RETENTION]
    assert today.outcome.startswith("purged 0 workshop(s)")
    assert answers(ws) == stored

    clock.advance(timedelta(days=32))
    [later] = [r for r in ws.bot.run_due() if r.kind == ItemKind.RETENTION]
    assert later.outcome.startswith(f"purged 1 workshop(s): {stored} answer(s)")
    assert answers(ws) == 0
    retention = items(ws, ItemKind.RETENTION)
    assert [i.state for i in retention] == [ScheduledState.DONE, ScheduledState.DONE, ScheduledState.PENDING]
    assert retention[-1].due_at == clock.now() + timedelta(days=1)
    # The decision record is still there for the App Home and the summary.
    assert "Recommend" in "\n".join(ws.channel_text())


def test_purged_free_text_leaves_the_sqlite_file_and_its_log(
    keeping_a_month: Workspace, clock: ManualClock, database_url: str
) -> None:
    """Once the purge is committed, SQLite's write-ahead log is checkpointed: its copies of the purged
    pages go too. (On PostgreSQL the rows are gone; its files are the server's to vacuum.)"""
    ws = keeping_a_month
    decide(ws, start_with_roles(ws), free_text=PURGED_TEXT)
    on_sqlite = database_url.startswith("sqlite")
    if on_sqlite:
        assert PURGED_TEXT.encode() in sqlite_bytes(database_url)  # the scan below can find it
    clock.advance(timedelta(days=32))
    [purge] = [r for r in ws.bot.run_due() if r.kind == ItemKind.RETENTION]
    assert purge.outcome.startswith("purged 1 workshop(s)") and answers(ws) == 0
    if on_sqlite:
        assert PURGED_TEXT.encode() not in sqlite_bytes(database_url)


def sqlite_bytes(database_url: str) -> bytes:
    """The SQLite database file and its write-ahead log, as they lie on disk."""
    path = Path(database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
