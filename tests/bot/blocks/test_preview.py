from __future__ import annotations

from bot.blocks.ids import ActionId
from bot.blocks.preview import preview_message, preview_posted, preview_reminder
from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import SummaryFacts
from flows.engine.model import Analysis
from flows.schema import Flow

from .limits import all_text, check_message


def buttons(payload: dict) -> list[str]:
    return [e["action_id"] for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_the_preview_shows_the_post_as_it_will_read_with_post_and_not_yet(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    verdict = summary_messages(flow, analysis, facts)[0]
    payload = check_message(preview_message(verdict, 7, "C0LEADERS"))
    assert all_text(verdict.to_dict()).split("\n")[0] in all_text(payload)
    assert buttons(payload) == [ActionId.PREVIEW_POST, ActionId.PREVIEW_HOLD]
    assert "Only you see this. Nothing is in <#C0LEADERS> yet" in all_text(payload)
    held = check_message(preview_message(verdict, 7, "C0LEADERS", held=True))
    assert "You chose *Not yet*: I will remind you in 24 hours." in all_text(held)


def test_once_posted_the_preview_keeps_the_verdict_and_loses_its_buttons(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    verdict = summary_messages(flow, analysis, facts)[0]
    payload = check_message(preview_posted(verdict, 7, "C0LEADERS"))
    assert buttons(payload) == [] and "Posted to <#C0LEADERS>" in all_text(payload)
    assert "Recommendation: Head of AI" in all_text(payload)


def test_the_reminder_carries_the_same_buttons() -> None:
    payload = check_message(preview_reminder(7, "C0LEADERS"))
    assert buttons(payload) == [ActionId.PREVIEW_POST, ActionId.PREVIEW_HOLD]
    assert "still waiting for you" in all_text(payload)
