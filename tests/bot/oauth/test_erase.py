"""Erasing a workspace for a data-protection request, from the command line or by an admin in Slack:
exactly that workspace's workshops, answers, schedule and installation go; another's stay."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from bot.blocks.ids import ActionId
from bot.cli import main
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.services.answers import AnswerService
from bot.services.scope import ServiceScope
from bot.services.workshops import Invitee, WorkshopService
from bot.services.workspaces import record_installed
from flows.loader import FlowCatalog
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    Answer,
    Participant,
    ScheduledItem,
    Workshop,
    Workspace,
)
from storage.repositories import ScheduledRepository
from tests.bot.oauth.conftest import (
    ACME,
    ACME_ADMIN,
    ACME_CEO,
    ACME_CHANNEL,
    ACME_CTO,
    FLOW,
    GLOBEX,
    GLOBEX_CEO,
    GLOBEX_CHANNEL,
    GLOBEX_OWNER,
    START,
    start_workshop,
)

ROOT = Path(__file__).resolve().parents[3]
FIRST_QUESTION = {"ai_today": "a_feature"}
INSTALLATION = {
    "client_id": "1.1",
    "app_id": "A1",
    "team_id": ACME,
    "user_id": ACME_ADMIN,
    "bot_token": "xoxb-1",
    "is_enterprise_install": False,
    "installed_at": datetime(2026, 11, 24, 9, 0),
}


@pytest.fixture
def two_workspaces(both_installed: LocalBot, slack: Sandbox) -> LocalBot:
    """Both installed (so each has its installation and standing rows), and in each a workshop with an
    answer and a scheduled item."""
    bot = both_installed
    start_workshop(bot, slack, ACME, ACME_CHANNEL, ACME_ADMIN, ACME_CEO, ACME_CTO)
    start_workshop(bot, slack, GLOBEX, GLOBEX_CHANNEL, GLOBEX_OWNER, GLOBEX_CEO)
    with bot.runtime.sessions() as session:
        answering = AnswerService(bot.runtime.scope(session))
        for team_id, person in ((ACME, ACME_CEO), (GLOBEX, GLOBEX_CEO)):
            workshop_id = session.scalars(select(Workshop.id).where(Workshop.team_id == team_id)).one()
            answering.record_answers(team_id, workshop_id, person, FIRST_QUESTION)
            ScheduledRepository(session).add(
                team_id=team_id, workshop_id=workshop_id, kind="nudge", dedupe_key="test", due_at=START
            )
        session.commit()
    return bot


@pytest.fixture
def acme_on_file(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """Only an SQLite file, no bot: an Acme workshop and installation for the command line to erase."""
    url = f"sqlite:///{tmp_path / 'workshops.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        WorkshopService(ServiceScope(session, FlowCatalog.load(), lambda: START)).create_workshop(
            team_id=ACME,
            channel_id=ACME_CHANNEL,
            facilitator_id=ACME_ADMIN,
            flow_id=FLOW,
            invitees=[Invitee(ACME_CEO)],
            deadline=START + timedelta(days=7),
            anonymous=True,
        )
        session.execute(insert(SLACK_INSTALLATIONS).values(INSTALLATION))
        record_installed(session, ACME, START)
        session.commit()
    yield url, engine
    engine.dispose()


def stored(engine: Engine, team_id: str) -> dict[str, int]:
    """Every kind of row the app keeps for a workspace, counted."""
    of_team = Workshop.team_id == team_id
    with make_session_factory(engine)() as session:
        counts = {
            "workshops": session.scalar(select(func.count(Workshop.id)).where(of_team)),
            "participants": session.scalar(select(func.count(Participant.id)).join(Workshop).where(of_team)),
            "answers": session.scalar(select(func.count(Answer.id)).join(Workshop).where(of_team)),
            "scheduled": session.scalar(
                select(func.count(ScheduledItem.id)).where(ScheduledItem.team_id == team_id)
            ),
            "standing": session.scalar(select(func.count()).where(Workspace.team_id == team_id)),
            "installations": session.scalar(
                select(func.count()).where(SLACK_INSTALLATIONS.c.team_id == team_id)
            ),
            "bots": session.scalar(select(func.count()).where(SLACK_BOTS.c.team_id == team_id)),
        }
    return {name: value or 0 for name, value in counts.items()}


def test_workspace_delete_erases_exactly_that_workspace(
    two_workspaces: LocalBot, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = two_workspaces
    globex_before = stored(bot.runtime.engine, GLOBEX)
    assert 0 not in stored(bot.runtime.engine, ACME).values()
    assert main(["workspace", "delete", ACME, "--yes", "--database-url", database_url]) == 0
    printed = capsys.readouterr().out
    assert "Erased 1 workshop(s) with 2 participant(s) and 1 answer(s)" in printed
    assert "2 Slack installation record(s) of workspace T_ACME" in printed
    assert set(stored(bot.runtime.engine, ACME).values()) == {0}
    assert stored(bot.runtime.engine, GLOBEX) == globex_before


def test_workspace_delete_will_not_erase_unasked_when_no_one_can_be_asked(
    acme_on_file: tuple[str, Engine],
) -> None:
    url, engine = acme_on_file
    before = stored(engine, ACME)
    result = cli(["workspace", "delete", ACME, "--database-url", url], stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "Refusing to erase workspace T_ACME" in line and "--yes" in line
    assert stored(engine, ACME) == before


def test_workspace_delete_asks_on_a_terminal(acme_on_file: tuple[str, Engine]) -> None:
    url, engine = acme_on_file
    before = stored(engine, ACME)
    declined = cli_on_terminal(["workspace", "delete", ACME, "--database-url", url], typed="T_ACMX\n")
    assert declined.returncode == 1 and "Nothing was erased." in declined.stdout
    assert stored(engine, ACME) == before
    confirmed = cli_on_terminal(["workspace", "delete", ACME, "--database-url", url], typed="T_ACME\n")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "Erased 1 workshop(s) with 1 participant(s)" in confirmed.stdout
    assert "1 Slack installation record(s)" in confirmed.stdout
    assert set(stored(engine, ACME).values()) == {0}


def test_workspace_delete_names_a_malformed_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workspace", "delete", "acme", "--yes", "--database-url", "sqlite://"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "'acme' is not a Slack workspace id" in line and "starts with T" in line


def test_hiring_delete_is_for_admins_and_erases_the_workspace_and_its_installation(
    two_workspaces: LocalBot, slack: Sandbox
) -> None:
    engine = two_workspaces.runtime.engine
    acme_before, globex_before = stored(engine, ACME), stored(engine, GLOBEX)
    slack.user(ACME, ACME_CEO).slash("/hiring", "delete", channel=ACME_CHANNEL)
    two_workspaces.settle()
    [told] = slack.ephemerals(ACME_CEO, ACME_CHANNEL)
    assert "Only a workspace admin or owner can erase" in told.readable_text()
    assert ActionId.DELETE_WORKSPACE not in json.dumps(told.blocks)  # no button to erase with
    assert stored(engine, ACME) == acme_before

    admin = slack.user(ACME, ACME_ADMIN)
    admin.slash("/hiring", "delete", channel=ACME_CHANNEL)
    two_workspaces.settle()
    confirmation = admin.ephemerals(ACME_CHANNEL)[-1]
    admin.click(ActionId.DELETE_WORKSPACE, in_ephemeral=(ACME_CHANNEL, confirmation.ts))
    two_workspaces.settle()
    assert set(stored(engine, ACME).values()) == {0}
    assert stored(engine, GLOBEX) == globex_before
    told = admin.ephemerals(ACME_CHANNEL)[-1]
    assert "Erased 1 workshop(s)" in told.readable_text() and "install it again" in told.readable_text()


def cli(args: list[str], *, stdin: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, cwd=ROOT, stdin=stdin, capture_output=True, text=True, timeout=60)


def cli_on_terminal(args: list[str], typed: str) -> subprocess.CompletedProcess[str]:
    """The command with a terminal as its standard input, and `typed` typed at it."""
    terminal, command_side = pty.openpty()
    try:
        os.write(terminal, typed.encode())
        return cli(args, stdin=command_side)
    finally:
        os.close(terminal)
        os.close(command_side)


ERASED_TEXT = "Quarzwerk pricing engine, erase me"


def test_erased_free_text_leaves_the_disk(two_workspaces: LocalBot, database_url: str) -> None:
    """On SQLite the write-ahead log kept copies of erased pages until a checkpoint, and the file's
    free space kept the deleted text; both are cleared once the erase is committed."""
    bot = two_workspaces
    with bot.runtime.sessions() as session:
        workshop_id = session.scalars(select(Workshop.id).where(Workshop.team_id == ACME)).one()
        for revision in range(20):  # many revisions: many pages, as a real workshop's answers take
            AnswerService(bot.runtime.scope(session)).record_answers(
                ACME, workshop_id, ACME_CTO, {"competitive_advantage": f"{ERASED_TEXT} {revision}"}
            )
            session.commit()
    if database_url.startswith("sqlite"):
        assert ERASED_TEXT.encode() in sqlite_bytes(database_url)  # the scan below can find it
    assert main(["workspace", "delete", ACME, "--yes", "--database-url", database_url]) == 0
    with bot.runtime.engine.connect() as connection:
        free_text = Answer.question_id == "competitive_advantage"
        assert connection.scalar(select(func.count()).select_from(Answer).where(free_text)) == 0
    if database_url.startswith("sqlite"):
        assert ERASED_TEXT.encode() not in sqlite_bytes(database_url)


def sqlite_bytes(database_url: str) -> bytes:
    """The SQLite database file and its write-ahead log, as they lie on disk."""
    path = Path(database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
