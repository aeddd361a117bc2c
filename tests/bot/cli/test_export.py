"""`hiring-workshop export`, run as a user runs it, against a real database of each kind: each format
on stdout or into a file, and bad input refused in one line with exit status 2, writing nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.services.scope import ServiceScope
from storage.models import Workshop
from tests.bot.export.conftest import decide_workshop
from tests.bot.services.conftest import FACILITATOR, INVITEES

ROOT = Path(__file__).resolve().parents[3]


def export(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command; its output decoded but with line endings as written (a CSV's are CRLF)."""
    command = [sys.executable, "-m", "bot.cli", "export", *args, "--database-url", database_url]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.fixture
def decided(engine: Engine, scope: ServiceScope, workshop: Workshop) -> str:
    """The workshop decided and committed; its number, as a person types it."""
    decide_workshop(scope, workshop)
    return str(workshop.id)


def test_markdown_goes_to_stdout(database_url: str, decided: str) -> None:
    result = export(database_url, decided, "--format", "md")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('---\nstatus: "accepted"')
    assert "## Decision Outcome" in result.stdout and "the facilitator decided" in result.stdout


def test_csv_and_json_name_nobody_of_an_anonymous_workshop(database_url: str, decided: str) -> None:
    csv_text = export(database_url, decided, "--format", "csv").stdout
    json_text = export(database_url, f"#{decided}", "--format", "json").stdout

    assert csv_text.startswith('"round","question_id","question","answer","answer_value","reason"\r\n')
    assert json.loads(json_text)["schema_version"] == 1
    assert [p for p in [*INVITEES, FACILITATOR] if p in csv_text + json_text] == []


def test_out_writes_the_file_and_nothing_to_stdout(database_url: str, decided: str, tmp_path: Path) -> None:
    target = tmp_path / "record.csv"

    result = export(database_url, decided, "--format", "csv", "--out", str(target))

    assert (result.returncode, result.stdout) == (0, "")
    assert target.read_bytes() == export(database_url, decided, "--format", "csv").stdout.encode()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["twelve", "--format", "md"], "'twelve' is not a workshop number."),
        (["9999", "--format", "md"], "There is no workshop 9999 in this database."),
        (["WORKSHOP", "--format", "pdf"], "'pdf' is not an export format."),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    database_url: str, decided: str, tmp_path: Path, args: list[str], problem: str
) -> None:
    target = tmp_path / "out.md"
    args = [decided if arg == "WORKSHOP" else arg for arg in args]

    result = export(database_url, *args, "--out", str(target))

    assert result.returncode == 2
    assert result.stdout == "" and not target.exists()
    [line] = result.stderr.splitlines()
    assert problem in line


def test_an_unmigrated_database_is_refused_with_the_fix(database_url: str, bare_engine: Engine) -> None:
    result = export(database_url, "1", "--format", "md")

    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "hiring-workshop db upgrade" in line


def test_another_teams_numbering_does_not_matter(
    database_url: str, session: Session, start_workshop: Callable[..., Workshop]
) -> None:
    """The command line serves the operator of the database: a workshop is found by its number alone,
    whichever workspace it belongs to."""
    other = start_workshop(team_id="T0002")
    session.commit()

    result = export(database_url, str(other.id), "--format", "json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["workshop"]["id"] == other.id
