"""Sending fuzzed requests through the real transport and judging the bot's answer: never a 500,
never the bot's own unexpected failure, and for what a person could send, always a message."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import pytest

from bot.edge.http_server import EVENTS_PATH
from bot.sandbox import Sandbox
from bot.sandbox.model import JsonDict
from tests.bot.conftest import Workspace
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.security.told import acknowledgement_text
from tests.bot.security.wire import Reply, post_signed

HOW_LONG_A_REPLY_TAKES = 3.0  # seconds: Slack's own patience with an app


@dataclass(frozen=True)
class Outcome:
    reply: Reply
    told: str  # what the person was shown: the acknowledgement, new ephemerals, DMs and modals


def what_they_see(sandbox: Sandbox, team_id: str, user_id: str) -> tuple[int, int, int]:
    person = sandbox.user(team_id, user_id)
    with sandbox.workspace.lock:
        views = sum(1 for view in sandbox.workspace.views.values() if view.user_id == user_id)
    return len(person.ephemerals()), len(person.dm()), views


def send(
    ws: Workspace, kind: str, payload: JsonDict, team_id: str, user_id: str, *, expect_word: bool
) -> Outcome:
    """Sign and post the payload; when `expect_word`, wait until the person has been shown something."""
    sandbox = ws.sandbox
    before = what_they_see(sandbox, team_id, user_id)
    reply = post_signed(f"{ws.bot.url}{EVENTS_PATH}", sandbox.signing_secret, kind, payload)
    acknowledged = acknowledgement_text(reply.body)
    if expect_word and not acknowledged and reply.status == 200:
        with contextlib.suppress(TimeoutError):
            sandbox.wait_for(
                lambda: what_they_see(sandbox, team_id, user_id) != before, HOW_LONG_A_REPLY_TAKES
            )
    ws.bot.settle()
    person = sandbox.user(team_id, user_id)
    ephemerals, dms, views = before
    shown = [acknowledged]
    shown += [e.readable_text() for e in person.ephemerals()[ephemerals:]]
    shown += [m.readable_text() for m in person.dm()[dms:]]
    with sandbox.workspace.lock:
        mine = [v for v in sandbox.workspace.views.values() if v.user_id == user_id]
        shown += [v.readable_text() for v in mine[views:]]
    return Outcome(reply, "\n".join(text for text in shown if text))


def unexpected_failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The bot's own record of failures it did not expect (each is a bug)."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR
        and record.name.startswith(("slack_bolt", "bot"))
        and not record.name.startswith("bot.sandbox")
    ]


def judge(outcome: Outcome, *, person_could_send: bool) -> list[str]:
    problems = []
    if outcome.reply.status >= 500:
        problems.append(f"answered {outcome.reply.status}")
    if UNEXPECTED in outcome.told:
        problems.append(f"told the generic failure: {outcome.told[:200]!r}")
    if person_could_send and not outcome.told:
        problems.append("the person was told nothing")
    return problems
