"""`hiring-workshop retention run [--dry-run]`: by hand, counts only, on either database."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import Invitee, WorkshopService
from flows.loader import FlowCatalog
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Answer

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "flows" / "examples" / "answers-000.yaml"
FLOW = "000-head-of-ai-or-product-lead"
LONG_AGO = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
FREE_TEXT = "A thought nobody should keep for ever"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def decided_long_ago(database_url: str) -> int:
    """A workshop of three, decided in March 2024 with no check-ins; returns how many answers it has."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            scope = ServiceScope(session, FlowCatalog.load(), ManualClock(LONG_AGO).now)
            people = ("U1", "U2", "U3")
            workshop = WorkshopService(scope).create_workshop(
                team_id="T1",
                channel_id="C1",
                facilitator_id="UF",
                flow_id=FLOW,
                invitees=[Invitee(u, role) for u, role in zip(people, ("ceo", "cto", "cfo"), strict=True)],
                deadline=LONG_AGO + timedelta(days=3),
                anonymous=True,
                checkin_months=[3],
            )
            flow = WorkshopService(scope).flow_of(workshop)
            agreed = {
                q.id: q.choices[0].value for q in flow.questions if q.choices and q.kind == "single_choice"
            }
            free = next(q.id for q in flow.questions if q.kind == "free_text")
            for user in people:
                AnswerService(scope).record_answers("T1", workshop.id, user, agreed | {free: FREE_TEXT})
            RoundService(scope).close_round("T1", workshop.id, by_user=None)
            session.commit()
            return session.scalar(select(func.count(Answer.id))) or 0
    finally:
        engine.dispose()


def stored_answers(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(select(func.count(Answer.id))) or 0
    finally:
        engine.dispose()


def test_retention_run_dry_run_then_for_real(database_url: str) -> None:
    stored = decided_long_ago(database_url)
    env = {k: v for k, v in os.environ.items() if k != "RETENTION_MONTHS"} | {"DATABASE_URL": database_url}

    unset = run("retention", "run", env=env)
    assert unset.returncode == 0 and "RETENTION_MONTHS is not set" in unset.stdout
    dry = run("retention", "run", "--dry-run", env=env | {"RETENTION_MONTHS": "12"})
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip().startswith(f"Would purge 1 workshop(s): {stored} answer(s)")
    assert stored_answers(database_url) == stored

    done = run("retention", "run", "--months", "12", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(f"Purged 1 workshop(s): {stored} answer(s)")
    assert FREE_TEXT not in done.stdout + done.stderr
    assert stored_answers(database_url) == 0
    again = run("retention", "run", "--months", "12", env=env)
    assert again.stdout.strip().startswith("Purged 0 workshop(s)")

    bad = run("retention", "run", env=env | {"RETENTION_MONTHS": "a year"})
    assert bad.returncode == 2 and "RETENTION_MONTHS" in bad.stderr + bad.stdout
