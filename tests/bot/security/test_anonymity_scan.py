"""In an anonymous workshop nobody's name or Slack id ever sits next to their answer: not in a message,
a modal, an export or a line of the bot's log. Everyone's free text and round-2 reasons carry a
marker of their own, so each answer can be told apart wherever it turns up."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.demo.plan import Story, plan_story
from bot.demo.stakeholder import Stakeholder
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from flows.engine import summary_json
from flows.engine.model import Analysis
from flows.schema import QuestionKind
from storage.models import Recommendation
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.faults.replay import takes_a_reply
from tests.bot.scenario import facilitator, flow, panel_from_story
from tests.figures import Figures

FLOW = "001-product-or-engineering-leadership"
NAMES = {
    "U_CEO": "Ada Lovelace",
    "U_CTO": "Grace Hopper",
    "U_CFO": "Mary Somerville",
    "U_PROD": "Katherine Johnson",
    "U_RISK": "Rosalind Franklin",
}
# Loggers of the local Slack the test runs, which is not the bot (its Socket Mode server included).
NOT_THE_BOT = ("bot.sandbox", "websockets", "uvicorn")


def marker(user_id: str, n: int) -> str:
    return f"Qz{list(PANEL).index(user_id)}x{n}"


def identities(user_id: str) -> list[str]:
    name = NAMES[user_id]
    return [user_id, name, name.lower().replace(" ", ".")]


@pytest.fixture(params=["socket", "http"])
def logged(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture, sandbox: Sandbox, sqlite_url: str
) -> Iterator[Workspace]:
    """The bot with every logger at DEBUG from the start (Bolt and Socket Mode set their loggers'
    levels as they are made), as with LOG_LEVEL=DEBUG."""
    caplog.set_level(logging.DEBUG)
    with LocalBot(sandbox, TEAM, sqlite_url, transport=request.param) as bot:
        yield Workspace(sandbox, bot)


@pytest.fixture
def marked_story() -> Story:
    """The demo's story with everyone's free text and round-2 reasons carrying their own markers."""
    story = plan_story(flow(FLOW), len(PANEL), seed=2)
    free = [q.id for q in story.flow.questions if q.kind is QuestionKind.FREE_TEXT]
    assert free, "the flow needs a free-text question to follow answers around"
    parts = []
    for user, part in zip(PANEL, story.parts, strict=True):
        answers = {**part.answers} | {q: f"{marker(user, i)} is what I think" for i, q in enumerate(free)}
        revisions = {q: (a, f"{marker(user, 9)} changed my mind") for q, (a, _) in part.revisions.items()}
        parts.append(replace(part, answers=answers, revisions=revisions))
    return replace(story, parts=parts)


def run_anonymous_workshop(ws: Workspace, story: Story) -> list[Stakeholder]:
    host, definition = facilitator(ws), story.flow
    panel = panel_from_story(ws, story)
    host.start(definition, PANEL, anonymous=True)
    ws.bot.settle()
    for stakeholder in panel:
        stakeholder.answer_round1(definition)
        ws.bot.settle()
    host.hiring("close")
    ws.bot.settle()
    for stakeholder in panel:
        stakeholder.review_round2(definition)
        ws.bot.settle()
    host.settle_disputes(definition)
    ws.bot.settle()
    host.post_preview()  # the preview DM, then the post and its thread: all of it scanned
    ws.bot.settle()
    return panel


def pairings(texts: list[str]) -> list[str]:
    """Each place where someone's identity and a marked answer (anyone's) appear together."""
    found = []
    markers = {marker(user, n): user for user in PANEL for n in range(10)}
    for text in texts:
        shown = [m for m in markers if m in text]
        named = [who for user in PANEL for who in identities(user) if who in text]
        if shown and named:
            found.append(f"{named} next to {shown}: {text[:300]!r}")
    return found


def scanned_places(sandbox: Sandbox) -> dict[str, int]:
    """How many messages, ephemerals and views everything_shown() reads (each with all its versions)."""
    workspace = sandbox.workspace
    with workspace.lock:
        messages = sum(1 for c in workspace.channels.values() for m in c.messages if m.bot_id)
        return {"messages": messages, "ephemerals": len(workspace.ephemerals), "views": len(workspace.views)}


def test_nothing_ever_pairs_a_participant_with_an_answer(
    logged: Workspace, marked_story: Story, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    run_anonymous_workshop(logged, marked_story)
    # A retry of the last request: the bot logs that it dropped it, which shows its log is captured.
    last = logged.sandbox.deliveries[-1]
    assert last.payload is not None
    logged.sandbox.deliver(
        last.kind, last.payload, accepts_response_payload=takes_a_reply(last), retry_attempt=1
    )
    logged.bot.settle()

    shown = logged.sandbox.everything_shown()
    for place, count in scanned_places(logged.sandbox).items():
        figures(f"{place} scanned", count)
    figures("texts shown scanned (every version of each)", len(shown))
    figures("names next to answers in what was shown", len(pairings(shown)))
    assert any(marker("U_CEO", 0) in text for text in shown), "the free text was never shown: nothing scanned"
    assert pairings(shown) == []

    lines = [
        record.getMessage() + (f"\n{record.exc_text}" if record.exc_text else "")
        for record in caplog.records
        if not record.name.startswith(NOT_THE_BOT)
    ]
    figures("log lines scanned", len(lines))
    figures("names next to answers in the log", len(pairings(lines)))
    assert any("not handled again" in line for line in lines), "the bot's log was not captured"
    assert pairings(lines) == []

    with logged.bot.runtime.sessions() as session:
        stored = session.query(Recommendation).order_by(Recommendation.revision.desc()).first()
        assert stored is not None
        export = json.dumps(summary_json(marked_story.flow, Analysis.model_validate(stored.analysis_json)))
    figures("exports scanned", 1)
    figures("names in the export", len([who for user in PANEL for who in identities(user) if who in export]))
    assert not [who for user in PANEL for who in identities(user) if who in export]
