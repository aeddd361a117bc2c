"""Round 1's optional reason: one box per section with weight-bearing questions, read back and kept
with each weight-bearing answer it covers; and the closed-round notice, free of stray markup."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.blocks.answer_modal import (
    REASON_LABEL,
    answer_modal,
    answer_modal_dict,
    parse_section_reason,
    reason_per_question,
    round_closed_view,
    section_reason,
)
from bot.blocks.ids import ActionId, Prefix, keyed
from bot.blocks.metadata import AnswerMeta
from bot.blocks.viewmodels import WorkshopView
from flows.engine import sections_for
from flows.schema import Flow

from .conftest import flow_data
from .limits import all_text, check_view

META = AnswerMeta(workshop_id=7, team_id="T1")


def reason_blocks(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in payload["blocks"] if b.get("block_id", "").startswith(f"{Prefix.SECTION_REASON}:")]


def test_a_section_that_weighs_asks_one_optional_reason_last(flow: Flow) -> None:
    payload = check_view(answer_modal(flow, 0, sections_for(flow, {}), {}, META))
    [box] = reason_blocks(payload)
    assert payload["blocks"][-1] == box
    assert box["block_id"] == keyed(Prefix.SECTION_REASON, "context")
    assert box["label"]["text"] == REASON_LABEL
    assert box["optional"] is True
    assert "without your name" in box["hint"]["text"]
    assert "initial_value" not in box["element"]


def test_the_reason_given_before_is_prefilled_in_both_builders(flow: Flow) -> None:
    answers = {"has_models": True}
    built = check_view(answer_modal(flow, 0, sections_for(flow, answers), answers, META, "We ship models."))
    cached = answer_modal_dict(flow, 0, sections_for(flow, answers), answers, META, "We ship models.")
    assert built == cached
    assert reason_blocks(built)[0]["element"]["initial_value"] == "We ship models."


def test_a_section_with_no_weight_bearing_question_asks_no_reason() -> None:
    data = flow_data()
    for question in data["sections"][1]["questions"]:
        question.pop("evidence", None)
        for choice in question.get("choices") or []:
            choice["weights"] = {"head": 0.0}
    flow = Flow.model_validate(data)
    payload = check_view(answer_modal(flow, 1, sections_for(flow, {}), {}, META))
    assert reason_blocks(payload) == []


def test_the_reason_is_read_back_stripped_and_blank_is_none(flow: Flow) -> None:
    section = flow.sections[0]
    block = keyed(Prefix.SECTION_REASON, section.id)
    typed = {block: {ActionId.REASON: {"type": "plain_text_input", "value": "  Models run today. "}}}
    assert parse_section_reason(typed, section) == "Models run today."
    blank = {block: {ActionId.REASON: {"type": "plain_text_input", "value": "   "}}}
    assert parse_section_reason(blank, section) is None
    assert parse_section_reason({}, section) is None


def test_the_reason_goes_with_each_weight_bearing_answer_of_the_section(flow: Flow) -> None:
    section = flow.sections[0]
    weighing = {q.id for q in section.questions if q.carries_weight}
    answered = {q.id: 1 for q in section.questions}
    kept = reason_per_question(section, answered, "Because.")
    assert set(kept) == weighing and kept and set(kept.values()) == {"Because."}
    assert reason_per_question(section, answered, None) == {}
    assert reason_per_question(section, {}, "Because.") == {}
    assert section_reason(section, kept) == "Because."
    assert section_reason(flow.sections[1], kept) is None


def test_the_closed_round_notice_has_no_stray_markers(workshop: WorkshopView) -> None:
    decision = "Hire a Chief AI Officer (or keep AI under the CTO, one after the other)."
    closed = replace(workshop, flow=workshop.flow.model_copy(update={"decision": decision}))
    text = all_text(check_view(round_closed_view(closed)))
    assert "*." not in text and ".." not in text
    assert "can no longer change" in text and decision in text
