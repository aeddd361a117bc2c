"""The channel post stays a verdict at a glance for every shipped flow and panel size: at most about
1,000 characters in at most 12 blocks, no question cut with "…", no doubled punctuation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.blocks.common import text_size
from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import SummaryFacts, Turnout, WorkshopView
from bot.demo.plan import plan_story
from flows.loader import FlowCatalog

from .limits import all_text, check_message

POST_CHARACTERS = 1000
POST_BLOCKS = 12
FLOWS = [f.id for f in FlowCatalog.load().all()]


@pytest.mark.parametrize("decided", [False, True])
@pytest.mark.parametrize("people", [3, 5, 50])
@pytest.mark.parametrize("flow_id", FLOWS)
def test_the_post_fits_a_glance_for_every_flow_and_panel(flow_id: str, people: int, decided: bool) -> None:
    flow = FlowCatalog.load().get(flow_id)
    analysis = plan_story(flow, people, seed=1).round2
    if decided:  # the worst case: the facilitator decided every signal's question, each one said so
        rec = analysis.recommendation
        signals = [s.model_copy(update={"decided": "Yes"}) for s in rec.signals]
        analysis = analysis.model_copy(update={"recommendation": rec.model_copy(update={"signals": signals})})
    workshop = WorkshopView(
        id=12, flow=flow, channel_id="C1", facilitator_id="U1", invitee_ids=(), deadline=datetime.now(UTC)
    )
    facts = SummaryFacts(workshop, Turnout.of(["answered"] * people), (), (date(2027, 1, 4),))
    head, *thread = summary_messages(flow, analysis, facts)
    text = all_text(check_message(head))
    assert text_size(head.blocks) <= POST_CHARACTERS, text
    assert len(head.blocks) <= POST_BLOCKS
    assert "…" not in text
    assert not re.search(r"[.?!:;,][.:;,]", text.replace("...", "")), text
    assert flow.source.file not in text and flow.source.title in text
    for question in flow.questions:  # a question shown is shown whole
        start = question.text[:30]
        if start in text:
            assert " ".join(question.text.split()) in text
    for message in thread:
        check_message(message)
    assert thread[-1].blocks  # the thread exists and ends with the footer
