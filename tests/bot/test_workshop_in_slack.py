"""A whole workshop, driven through the sandbox as the people in Slack would run it: for each flow,
over Socket Mode and over signed HTTP, on SQLite and on PostgreSQL. The panel is the demo's: it
disagrees on two questions, round 2 settles one, the facilitator decides the other; the App Home of
a stakeholder and of the facilitator is checked at each step."""

from __future__ import annotations

import io
import re
import struct

import pytest
from matplotlib.image import imread

from bot.demo.plan import Story, plan_story
from bot.demo.stakeholder import Stakeholder
from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.bot.scenario import facilitator, flow, home_sections, panel_from_story

FLOWS = ["000-head-of-ai-or-product-lead", "001-product-or-engineering-leadership", "002-caio-or-cto"]
WAITING, FACILITATING, FINISHED = (
    "Workshops waiting for my answers",
    "Workshops I facilitate",
    "Finished workshops",
)


@pytest.fixture(params=FLOWS)
def story_of_each_flow(request: pytest.FixtureRequest) -> Story:
    return plan_story(flow(request.param), len(PANEL), seed=1)


def test_a_workshop_runs_from_start_to_recommendation(
    workspace: Workspace, story_of_each_flow: Story
) -> None:
    ws, definition, host = workspace, story_of_each_flow.flow, facilitator(workspace)
    panel = panel_from_story(ws, story_of_each_flow)
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

    answer_round1(ws, story_of_each_flow, panel)
    # Nobody's answers appear in the channel while round 1 is open.
    assert len(ws.channel_text()) == 1
    assert_facilitating(ws, title, "Round 1: collecting answers", "4 of 5 answered")
    host.hiring("status")
    ws.bot.settle()
    finished = re.search(r"\*Answered \((\d+)\):\*", ws.ephemeral_text()[-1])
    assert finished is not None, ws.ephemeral_text()[-1]
    host.hiring("close")
    ws.bot.settle()
    assert f"disagreed on {len(story_of_each_flow.disputed)} questions" in ws.channel_text()[-1]
    assert "round 2: disputed questions" in home_sections(ws, "U_CEO")[WAITING]
    assert_facilitating(ws, title, "Round 2: reviewing disputed questions")

    for stakeholder in panel:
        stakeholder.review_round2(definition)
        ws.bot.settle()
    open_count = len(story_of_each_flow.still_open)
    still_disputed = (
        "1 question is still disputed; the facilitator <@U_FAC> will settle it"
        if open_count == 1
        else f"{open_count} questions are still disputed; the facilitator <@U_FAC> will settle them"
    )
    assert still_disputed in ws.channel_text()[-1]
    assert "Nothing is waiting for you" in home_sections(ws, "U_CEO")[WAITING]
    assert_facilitating(ws, title, "Waiting for the facilitator", "Settle disputes")

    settled = host.settle_disputes(definition)
    ws.bot.settle()
    assert sorted(s.question.id for s in settled) == sorted(story_of_each_flow.still_open)
    assert all(s.answer for s in settled)  # each decided, none left open
    # The facilitator sees the recommendation privately first; the channel does not, yet.
    preview = host.preview().readable_text()
    assert "Preview of workshop" in preview and "Recommendation: " in preview
    assert not any(text.startswith("Recommendation:") for text in ws.channel_text())
    host.post_preview()
    ws.bot.settle()
    assert "Posted to" in host.preview_posted().readable_text()

    head = next(m for m in ws.sandbox.messages(CHANNEL) if m.readable_text().startswith("Recommendation:"))
    summary = head.readable_text()
    labels = [o.label for o in definition.options]
    assert any(f"Recommendation: {label}" in summary for label in labels)
    assert re.search(r"(High|Medium|Low) confidence\.", summary)
    assert "Biggest risk:" in summary and definition.source.title in summary
    assert definition.source.file not in summary
    thread = [
        m.readable_text() for m in ws.sandbox.messages(CHANNEL) if m.thread_ts == head.ts and m.ts != head.ts
    ]
    evidence = "\n".join(thread)
    assert "Risks the document names" in evidence
    assert "settled in round 2" in evidence and "the facilitator decided" in evidence
    assert "Participation:" in evidence and "finished" in evidence
    # The chart: the first reply in the thread, a PNG, with alt text that says it in words.
    charts = ws.sandbox.files_in(CHANNEL, thread_ts=head.ts)
    assert len(charts) == 1 and charts[0].content is not None
    assert charts[0].content[:8] == b"\x89PNG\r\n\x1a\n" and charts[0].content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", charts[0].content[16:24])
    assert width > 300 and height > 200
    assert imread(io.BytesIO(charts[0].content), format="png").shape[:2] == (height, width)  # decodes
    assert charts[0].alt_txt and "Share of the evidence" in charts[0].alt_txt
    # Participation counts "finished" as `/hiring status` did when round 1 closed.
    assert f"{finished[1]} of {len(PANEL)} finished" in evidence
    assert f"{finished[1]} of {len(PANEL)} finished" in summary
    # Anonymous: neither the post nor its thread names a panel member.
    assert not any(f"<@{user}>" in text for user in PANEL for text in [summary, *thread])
    for user in ("U_CEO", "U_FAC"):
        finished = home_sections(ws, user)[FINISHED]
        assert title in finished and "Recommended" in finished and "next check-in" in finished
    assert "You facilitate no running workshop" in home_sections(ws, "U_FAC")[FACILITATING]


def answer_round1(ws: Workspace, story_of_each_flow: Story, panel: list[Stakeholder]) -> None:
    """Everyone answers; whoever missed a question that appeared as they answered comes back for it,
    except the one who stops part-way."""
    for stakeholder, part in zip(panel, story_of_each_flow.parts, strict=True):
        assert story_of_each_flow.flow.source.title in stakeholder.invitation().readable_text()
        stakeholder.answer_round1(story_of_each_flow.flow)
        ws.bot.settle()
        if part.stops_at is None and not stakeholder.round1_done():
            stakeholder.answer_round1(story_of_each_flow.flow)
            ws.bot.settle()
        assert stakeholder.round1_done() == (part.stops_at is None)


def assert_facilitating(ws: Workspace, title: str, *expected: str) -> None:
    row = home_sections(ws, "U_FAC")[FACILITATING]
    assert title in row and all(text in row for text in expected), row
