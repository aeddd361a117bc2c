"""The daily retention purge, as the running bot does it: planned at start when RETENTION_MONTHS is
set, run by the scheduler each day, each run planning the next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

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


def answers(ws: Workspace) -> int:
    with ws.bot.runtime.sessions() as session:
        return session.scalar(select(func.count(Answer.id))) or 0


def test_the_daily_purge_takes_the_answers_once_the_months_have_passed(
    keeping_a_month: Workspace, clock: ManualClock
) -> None:
    ws = keeping_a_month
    workshop = start_with_roles(ws)
    with ws.bot.runtime.sessions() as session:
        answering = AnswerService(ws.bot.runtime.scope(session))
        for user in PANEL:
            answering.record_answers(TEAM, workshop.id, user, example_answers(0))
        session.commit()
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:  # the facilitator drops the 12-month check-in
        cancel_checkin(session, session.scalars(select(CheckIn)).one())
        session.commit()
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
