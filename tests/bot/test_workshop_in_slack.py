"""A whole workshop, driven through the sandbox as the people in Slack would run it: for each flow,
over Socket Mode and over signed HTTP, on SQLite and on PostgreSQL. The panel is the demo's: it
disagrees on two questions, round 2 settles one, the facilitator decides the other; the App Home of
a stakeholder and of the facilitator is checked at each step."""

from __future__ import annotations

import re

import pytest

from bot.demo.plan import Story, plan_story
from bot.demo.stakeholder import Stakeholder
from tests.bot.conftest import PANEL, Workspace
from tests.bot.scenario import facilitator, flow, home_sections, panel_from_story

FLOWS = ["000-head-of-ai-or-product-lead", "001-product-or-engineering-leadership", "002-caio-or-cto"]
WAITING, FACILITATING, FINISHED = (
    "Workshops waiting for my answers",
    "Workshops I facilitate",
    "Finished workshops",
)


@pytest.fixture(params=FLOWS)
def story(request: pytest.FixtureRequest) -> Story:
    return plan_story(flow(request.param), len(PANEL), seed=1)


def test_a_workshop_runs_from_start_to_recommendation(workspace: Workspace, story: Story) -> None:
    ws, definition, host = workspace, story.flow, facilitator(workspace)
    panel = panel_from_story(ws, story)
    host.start(definition, PANEL)
    ws.bot.settle()

    announcement = ws.channel_text()[0]
    assert definition.decision[:60] in announcement
    assert all(f"<@{user}>" in announcement for user in PANEL)
    workshop = re.search(r"workshop #(\d+)", announcement)
    assert workshop is not None
    title = f"#{workshop[1]} {definition.title}"
    assert definition.title in home_sections(ws, "U_CEO")[WAITING]
    assert_facilitating(ws, title, "Round 1: collecting answers", "0 of 5 answered")

    answer_round1(ws, story, panel)
    # Nobody's answers appear in the channel while round 1 is open.
    assert len(ws.channel_text()) == 1
    assert_facilitating(ws, title, "Round 1: collecting answers", "4 of 5 answered")
    host.hiring("close")
    ws.bot.settle()
    assert f"disagreed on {len(story.disputed)} questions" in ws.channel_text()[-1]
    assert "round 2: disputed questions" in home_sections(ws, "U_CEO")[WAITING]
    assert_facilitating(ws, title, "Round 2: reviewing disputed questions")

    for stakeholder in panel:
        stakeholder.review_round2(definition)
        ws.bot.settle()
    open_count = len(story.still_open)
    still_disputed = f"{open_count} question{'s are' if open_count != 1 else ' is'} still disputed"
    assert still_disputed in ws.channel_text()[-1]
    assert "Nothing is waiting for you" in home_sections(ws, "U_CEO")[WAITING]
    assert_facilitating(ws, title, "Waiting for the facilitator", "Settle disputes")

    settled = host.settle_disputes(definition)
    ws.bot.settle()
    assert sorted(s.question.id for s in settled) == sorted(story.still_open)
    assert all(s.answer for s in settled)  # each decided, none left open
    summary = next(text for text in ws.channel_text() if text.startswith("Recommendation:"))
    labels = [o.label for o in definition.options]
    assert any(f"Recommendation: {label}" in summary for label in labels)
    assert re.search(r"(high|medium|low) confidence", summary)
    assert "Risks the document names" in summary
    assert "settled by revised answers" in summary and "decided by the facilitator" in summary
    # Anonymous: the summary never names a panel member.
    assert not any(f"<@{user}>" in summary for user in PANEL)
    for user in ("U_CEO", "U_FAC"):
        finished = home_sections(ws, user)[FINISHED]
        assert title in finished and "Recommended" in finished and "next check-in" in finished
    assert "You facilitate no running workshop" in home_sections(ws, "U_FAC")[FACILITATING]


def answer_round1(ws: Workspace, story: Story, panel: list[Stakeholder]) -> None:
    """Everyone answers; whoever missed a question that appeared as they answered comes back for it,
    except the one who stops part-way."""
    for stakeholder, part in zip(panel, story.parts, strict=True):
        assert story.flow.source.title in stakeholder.invitation().readable_text()
        stakeholder.answer_round1(story.flow)
        ws.bot.settle()
        if part.stops_at is None and not stakeholder.round1_done():
            stakeholder.answer_round1(story.flow)
            ws.bot.settle()
        assert stakeholder.round1_done() == (part.stops_at is None)


def assert_facilitating(ws: Workspace, title: str, *expected: str) -> None:
    row = home_sections(ws, "U_FAC")[FACILITATING]
    assert title in row and all(text in row for text in expected), row
