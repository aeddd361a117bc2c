"""LOG_FORMAT=json writes one JSON object per line, and every line written while a Slack request is
handled (its listeners' included) carries that request's id; `text` tags the same lines."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest

from bot.observability.log_format import configure_logging
from bot.process.local import LocalBot
from bot.process.settings import LogFormat
from bot.sandbox import Sandbox
from tests.bot.conftest import CHANNEL, TEAM, Workspace

FLOW = "002-caio-or-cto"


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """`configure_logging` replaces the root logger's handlers: put them back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def two_requests(sandbox: Sandbox, database_url: str) -> None:
    """A bot made after logging is configured, as `hiring-workshop run` makes it, and two requests."""
    with LocalBot(sandbox, TEAM, database_url) as bot:
        ws = Workspace(sandbox, bot)
        for _ in range(2):
            ws.facilitator.slash("/hiring", "status", channel=CHANNEL)
            bot.settle()


def test_json_lines_carry_a_request_id(
    sandbox: Sandbox, database_url: str, restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG", LogFormat.JSON)
    logging.getLogger("hiring-workshop").info("outside any request")
    two_requests(sandbox, database_url)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    outside = next(r for r in records if r["message"] == "outside any request")
    assert "request_id" not in outside
    tagged = [(r["logger"], r["message"][:60], r.get("request_id")) for r in records if "request_id" in r]
    ids = {request_id for _, _, request_id in tagged}
    assert len(ids) == 2, tagged  # one per request


def test_text_lines_are_tagged_with_the_request_id(
    sandbox: Sandbox, database_url: str, restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG", LogFormat.TEXT)
    two_requests(sandbox, database_url)
    err = capsys.readouterr().err
    tags = set(
        re.findall(r" DEBUG bot\.observability\.log_format \[([0-9a-f]{12})\]: Handling a Slack request", err)
    )
    assert len(tags) == 2, err[-2000:]


def test_a_listeners_own_lines_carry_its_request_id(
    sandbox: Sandbox, database_url: str, restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listeners run on the listener pool after the acknowledgement: their lines are tagged too."""
    configure_logging("INFO", LogFormat.JSON)
    with LocalBot(sandbox, TEAM, database_url) as bot:
        sandbox.send_event(TEAM, {"type": "app_uninstalled"})
        bot.settle()
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    [uninstalled] = [r for r in records if r["message"].startswith("Uninstalled from")]
    assert uninstalled["logger"] == "bot.listeners.events.lifecycle"
    assert re.fullmatch(r"[0-9a-f]{12}", uninstalled.get("request_id") or ""), uninstalled
