"""The bot on a clock the tests move: a workshop started through Slack, answers stored through the
real service, and helpers to read what the scheduler did."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Message, Sandbox
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.rounds import RoundService
from bot.services.scheduling import cancel_round
from bot.services.workshops import WorkshopService
from bot.workflows.planning import plan_checkins
from storage.models import CheckIn, Participant, ScheduledItem, Workshop, WorkshopStatus
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace

FLOW = "000-head-of-ai-or-product-lead"
# A Monday, 10:00 in New York where the panel works: the default deadline is Thursday 10:00 there.
MONDAY = datetime(2026, 10, 26, 14, 0, tzinfo=UTC)
A_YEAR_ON = datetime(2027, 10, 26, 14, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).resolve().parents[3] / "flows" / "examples" / "answers-000.yaml"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY)


@pytest.fixture
def timed(sandbox: Sandbox, database_url: str, clock: ManualClock) -> Iterator[Workspace]:
    """The bot on the manual clock (over HTTP, the quicker to stop); tests run the dispatcher themselves."""
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock) as bot:
        yield Workspace(sandbox, bot)


def start(ws: Workspace, *users: str) -> Workshop:
    """`/hiring start FLOW @…` with the default deadline (three days on), then the fan-out."""
    people = users or tuple(PANEL)
    # The first two as CEO and CTO, the roles the flow needs before it recommends anything.
    roles = ["ceo", "cto"]
    mentions = " ".join(
        f"<@{u}|{u.lower()}>" + (f" {roles[n]}" if n < len(roles) else "") for n, u in enumerate(people)
    )
    ws.facilitator.slash("/hiring", f"start {FLOW} {mentions}", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Workshop).order_by(Workshop.id.desc())).first()  # type: ignore[return-value]


def example_answers(index: int = 0) -> dict[str, object]:
    """One person's complete answers to the 000 flow, from its example file (five people, who
    disagree on some questions)."""
    return yaml.safe_load(EXAMPLE.read_text())["participants"][index]["answers"]


def answer(ws: Workspace, workshop: Workshop, *users: str, disagree: bool = False) -> None:
    """Store round-1 answers for these people through the service the listeners use: all the same
    (nothing disputed), or with `disagree` each panel member's own from the example file."""
    with ws.bot.runtime.sessions() as session:
        answering = AnswerService(ws.bot.runtime.scope(session))
        for user in users:
            index = list(PANEL).index(user) if disagree else 0
            answering.record_answers(TEAM, workshop.id, user, example_answers(index))
        session.commit()


def items(ws: Workspace, kind: str | None = None) -> list[ScheduledItem]:
    with ws.bot.runtime.sessions() as session:
        query = select(ScheduledItem).order_by(ScheduledItem.due_at, ScheduledItem.id)
        if kind is not None:
            query = query.where(ScheduledItem.kind == kind)
        return list(session.scalars(query))


def participant(ws: Workspace, user_id: str) -> Participant:
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Participant).where(Participant.user_id == user_id)).one()


def reminders(ws: Workspace, user_id: str) -> list[Message]:
    return [m for m in ws.person(user_id).dm() if m.text.startswith("Reminder")]


def decide(ws: Workspace, *users: str, in_slack: bool = False) -> Workshop:
    """Everyone answers alike and the round closes: decided at once, no disputes. `in_slack` closes
    it with `/hiring close` (which posts the summary and schedules the check-ins); otherwise the
    service closes it and the same planning step the summary runs schedules them, without the
    summary's channel posts (the round's own leftovers are cancelled as closing it does)."""
    workshop = start(ws, *users)
    answer(ws, workshop, *(users or PANEL))
    if in_slack:
        ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
        ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        if not in_slack:
            RoundService(ws.bot.runtime.scope(session)).close_round(TEAM, workshop.id, by_user=None)
            cancel_round(session, workshop.id, 1)
            session.commit()
            plan_checkins(session, session.get_one(Workshop, workshop.id))
            session.commit()
        return session.get_one(Workshop, workshop.id)


def checkins(ws: Workspace) -> list[CheckIn]:
    with ws.bot.runtime.sessions() as session:
        return list(session.scalars(select(CheckIn).order_by(CheckIn.months)))


def posts(ws: Workspace, lead: str) -> list[Message]:
    return [m for m in ws.sandbox.messages(CHANNEL) if m.text.startswith(lead)]


def deciding(ws: Workspace, *users: str) -> Workshop:
    """A workshop whose two rounds are closed with questions still disputed: the facilitator's turn."""
    workshop = start(ws, *users)
    answer(ws, workshop, *users, disagree=True)
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        scope = ws.bot.runtime.scope(session)
        workshops, answering = WorkshopService(scope), AnswerService(scope)
        disputed = [d.question_id for d in DisputeService(scope).disputes(workshop.id)]
        for user in users:
            person = workshops.participant(workshop.id, user)
            assert person is not None
            mine = answering.current_answers(workshop.id, person.id)
            kept = {q: mine[q] for q in disputed if q in mine}
            answering.record_answers(TEAM, workshop.id, user, kept, round=2)
        session.commit()
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        settled = session.get_one(Workshop, workshop.id)
    assert settled.status is WorkshopStatus.DECIDING, "the panel agreed after all; pick other answers"
    return settled


# Three of the panel, enough to decide a workshop in a test of who may act on it.
TRIO = ("U_CEO", "U_CTO", "U_CFO")


def answered(ws: Workspace) -> Workshop:
    """A workshop whose panel (`TRIO`) has all answered round 1 alike: closing it decides it."""
    workshop = start(ws, *TRIO)
    answer(ws, workshop, *TRIO)
    return workshop


def status(ws: Workspace, workshop: Workshop) -> WorkshopStatus:
    """The workshop's status as stored now."""
    with ws.bot.runtime.sessions() as session:
        return session.get_one(Workshop, workshop.id).status
