from __future__ import annotations

from typing import Any

import pytest

from bot.blocks.answer_modal import (
    answer_form_problems,
    answer_modal,
    declined_view,
    parse_answer_submission,
    round_closed_view,
    view_errors,
)
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.blocks.metadata import AnswerMeta, parse_private_metadata
from bot.blocks.viewmodels import WorkshopView
from flows.engine import parse_answer, sections_for
from flows.engine.model import AnswerValue
from flows.errors import FlowDefinitionError
from flows.schema import DONT_KNOW, Flow

from .conftest import flow_data
from .limits import all_text, check_view

META = AnswerMeta(workshop_id=7, team_id="T1")


def build(flow: Flow, section_index: int, answers: dict[str, AnswerValue] | None = None) -> dict[str, Any]:
    answers = answers or {}
    return check_view(answer_modal(flow, section_index, sections_for(flow, answers), answers, META))


def inputs(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The inputs of the questions (the section's reason box is tested in test_answer_modal_reasons)."""
    return {
        b["block_id"]: b
        for b in payload["blocks"]
        if b["type"] == "input" and not b["block_id"].startswith(f"{Prefix.SECTION_REASON}:")
    }


def slack_state(element: dict[str, Any], picked: Any) -> dict[str, Any]:
    """The state Slack reports for `element` after a person picks `picked` (option values or text)."""
    options = {o["value"]: o for o in element.get("options", [])}
    match element["type"]:
        case "radio_buttons" | "static_select":
            return {"type": element["type"], "selected_option": options[picked] if picked else None}
        case "checkboxes" | "multi_static_select":
            return {"type": element["type"], "selected_options": [options[v] for v in picked]}
        case "plain_text_input" | "number_input":
            return {"type": element["type"], "value": picked}
    raise AssertionError(element["type"])


ROUND_TRIPS = [
    # (question, section, what the person picks in Slack, raw value expected, stored answer)
    ("has_models", 0, "yes", True, True),
    ("has_models", 0, "no", False, False),
    ("maturity", 0, "4", 4, 4),
    ("gap", 1, "c2", "c2", "c2"),
    ("areas", 1, ["c0", "c3"], ["c0", "c3"], ["c0", "c3"]),
    ("budget", 1, "2.5", 2.5, 2.5),
    ("worries", 1, "Hiring <!channel> too fast", "Hiring <!channel> too fast", "Hiring <!channel> too fast"),
]


@pytest.mark.parametrize(("question_id", "index", "picked", "raw", "stored"), ROUND_TRIPS)
def test_each_kind_round_trips_from_slack_state_to_the_engine(
    flow: Flow, question_id: str, index: int, picked: Any, raw: Any, stored: AnswerValue
) -> None:
    block_id = keyed(Prefix.QUESTION, question_id)
    element = inputs(build(flow, index))[block_id]["element"]
    values = {block_id: {ActionId.ANSWER: slack_state(element, picked)}}
    parsed = parse_answer_submission(values, flow, flow.sections[index])
    assert parsed == {question_id: raw}
    assert parse_answer(flow.question(question_id), parsed[question_id]) == stored


@pytest.mark.parametrize(
    ("question_id", "picked", "raw"), [("pick_one", "c11", "c11"), ("pick_many", ["c10"], ["c10"])]
)
def test_long_choice_lists_use_menus_and_still_round_trip(
    wide_flow: Flow, question_id: str, picked: Any, raw: Any
) -> None:
    block_id = keyed(Prefix.QUESTION, question_id)
    element = inputs(build(wide_flow, 0))[block_id]["element"]
    assert element["type"] in ("static_select", "multi_static_select")
    values = {block_id: {ActionId.ANSWER: slack_state(element, picked)}}
    assert parse_answer_submission(values, wide_flow, wide_flow.sections[0]) == {question_id: raw}


def test_a_number_without_fractional_bounds_takes_whole_numbers(flow: Flow) -> None:
    payload = build(flow, 0, {"has_models": True})
    element = inputs(payload)[keyed(Prefix.QUESTION, "model_count")]["element"]
    assert element["is_decimal_allowed"] is False
    assert (element["min_value"], element["max_value"]) == ("1", "500")
    values = {keyed(Prefix.QUESTION, "model_count"): {ActionId.ANSWER: slack_state(element, "12")}}
    assert parse_answer_submission(values, flow, flow.sections[0]) == {"model_count": 12}


def test_empty_inputs_are_absent_not_blank(flow: Flow) -> None:
    state = {
        keyed(Prefix.QUESTION, "gap"): {ActionId.ANSWER: {"type": "radio_buttons", "selected_option": None}},
        keyed(Prefix.QUESTION, "areas"): {ActionId.ANSWER: {"type": "checkboxes", "selected_options": []}},
        keyed(Prefix.QUESTION, "budget"): {ActionId.ANSWER: {"type": "number_input", "value": None}},
        keyed(Prefix.QUESTION, "worries"): {ActionId.ANSWER: {"type": "plain_text_input", "value": "   "}},
    }
    assert parse_answer_submission(state, flow, flow.sections[1]) == {}


def test_first_section_shows_progress_help_quote_and_hides_conditional_questions(flow: Flow) -> None:
    payload = build(flow, 0)
    assert payload["title"]["text"] == "Section 1 of 2"
    assert payload["submit"]["text"] == "Next"
    assert payload["close"]["text"] == "Save and close"
    assert payload["callback_id"] == CallbackId.ANSWER
    shown = inputs(payload)
    assert list(shown) == [keyed(Prefix.QUESTION, "has_models"), keyed(Prefix.QUESTION, "maturity")]
    has_models = shown[keyed(Prefix.QUESTION, "has_models")]
    assert has_models["dispatch_action"] is True  # model_count depends on it: the modal must refresh
    assert "dispatch_action" not in shown[keyed(Prefix.QUESTION, "maturity")]
    assert has_models["hint"]["text"] == "Help for has_models."
    assert [o["text"]["text"] for o in has_models["element"]["options"]] == ["Yes", "No"]
    scale = [o["text"]["text"] for o in shown[keyed(Prefix.QUESTION, "maturity")]["element"]["options"]]
    assert scale[0] == "1 Strongly disagree" and scale[-1] == "5 Strongly agree"
    assert "From the source: “Source words for has_models.”" in all_text(payload)
    assert parse_private_metadata(payload["private_metadata"], AnswerMeta).section_index == 0


def test_answering_yes_reveals_the_follow_up_and_prefills_partial_answers(flow: Flow) -> None:
    shown = inputs(build(flow, 0, {"has_models": True, "maturity": 2}))
    assert keyed(Prefix.QUESTION, "model_count") in shown
    assert shown[keyed(Prefix.QUESTION, "has_models")]["element"]["initial_option"]["value"] == "yes"
    assert shown[keyed(Prefix.QUESTION, "maturity")]["element"]["initial_option"]["value"] == "2"
    assert "initial_value" not in shown[keyed(Prefix.QUESTION, "model_count")]["element"]


def test_last_section_finishes_prefills_every_kind_and_marks_optional(flow: Flow) -> None:
    answers: dict[str, AnswerValue] = {"gap": "c1", "areas": ["c2"], "budget": 3, "worries": "Speed"}
    payload = build(flow, 1, answers)
    assert payload["title"]["text"] == "Section 2 of 2"
    assert payload["submit"]["text"] == "Finish"
    shown = inputs(payload)
    assert shown[keyed(Prefix.QUESTION, "gap")]["element"]["initial_option"]["value"] == "c1"
    assert (
        "optional" not in shown[keyed(Prefix.QUESTION, "gap")]
        or not shown[keyed(Prefix.QUESTION, "gap")]["optional"]
    )
    assert [o["value"] for o in shown[keyed(Prefix.QUESTION, "areas")]["element"]["initial_options"]] == [
        "c2"
    ]
    assert shown[keyed(Prefix.QUESTION, "areas")]["optional"] is True
    budget = shown[keyed(Prefix.QUESTION, "budget")]["element"]
    assert (budget["initial_value"], budget["is_decimal_allowed"]) == ("3", True)
    worries = shown[keyed(Prefix.QUESTION, "worries")]["element"]
    assert (worries["initial_value"], worries["multiline"], worries["max_length"]) == ("Speed", True, 3000)


def test_flow_text_is_escaped_in_mrkdwn(flow: Flow) -> None:
    data = flow_data()
    data["sections"][0]["questions"][0]["quote"] = "Tell <!channel> now"
    payload = build(Flow.model_validate(data), 0)
    text = all_text(payload)
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text


def test_a_section_too_big_for_one_modal_is_refused_with_a_fix() -> None:
    questions = [
        {
            "id": f"q{n}",
            "kind": "yes_no",
            "text": "Q?",
            "help": "H.",
            "quote": "The document's own sentence.",  # shown, so each question takes two blocks
            "evidence": {"agree": {"head": 1}},
        }
        for n in range(50)
    ]
    huge = Flow.model_validate(flow_data(sections=[{"id": "all", "title": "All", "questions": questions}]))
    with pytest.raises(FlowDefinitionError, match="Split the section"):
        answer_modal(huge, 0, huge.sections, {}, META)


def test_view_errors_are_keyed_by_block() -> None:
    assert view_errors({"budget": "Give a number between 0.5 and 10.5."}) == {
        keyed(Prefix.QUESTION, "budget"): "Give a number between 0.5 and 10.5."
    }


def test_closed_and_declined_views_cannot_be_submitted(workshop: WorkshopView) -> None:
    for view in (declined_view(workshop), round_closed_view(workshop)):
        payload = check_view(view)
        assert "submit" not in payload
        assert workshop.flow.decision in all_text(payload)


def _labels(element: dict[str, Any]) -> list[str]:
    return [o["text"]["text"] for o in element["options"]]


def test_factual_questions_offer_dont_know_and_multiple_choice_offers_none_of_these(
    facts_flow: Flow, flow: Flow
) -> None:
    first = inputs(build(facts_flow, 0, {"has_models": True}))
    assert _labels(first[keyed(Prefix.QUESTION, "has_models")]["element"]) == ["Yes", "No", "Don't know"]
    assert "Don't know" not in _labels(first[keyed(Prefix.QUESTION, "maturity")]["element"])
    number = first[keyed(Prefix.QUESTION, "model_count")]
    assert number["optional"] is True  # the box below may stand in for the number
    box = first[keyed(Prefix.DONT_KNOW, "model_count")]
    assert box["optional"] is True and _labels(box["element"]) == ["Don't know"]
    second = inputs(build(facts_flow, 1))
    assert _labels(second[keyed(Prefix.QUESTION, "gap")]["element"])[-1] == "Don't know"
    assert _labels(second[keyed(Prefix.QUESTION, "areas")]["element"])[-2:] == ["None of these", "Don't know"]
    plain = inputs(build(flow, 1))
    assert _labels(plain[keyed(Prefix.QUESTION, "areas")]["element"])[-1] == "None of these"
    assert "Don't know" not in _labels(plain[keyed(Prefix.QUESTION, "gap")]["element"])
    assert keyed(Prefix.DONT_KNOW, "model_count") not in inputs(build(flow, 0, {"has_models": True}))


def _value_labelled(element: dict[str, Any], label: str) -> str:
    return next(o["value"] for o in element["options"] if o["text"]["text"] == label)


@pytest.mark.parametrize(
    ("question_id", "index", "labels", "stored"),
    [
        ("has_models", 0, "Don't know", DONT_KNOW),
        ("gap", 1, "Don't know", DONT_KNOW),
        ("areas", 1, ["None of these"], []),
        ("areas", 1, ["Don't know"], DONT_KNOW),
    ],
)
def test_dont_know_and_none_of_these_are_stored_as_the_engine_reads_them(
    facts_flow: Flow, question_id: str, index: int, labels: Any, stored: AnswerValue
) -> None:
    block_id = keyed(Prefix.QUESTION, question_id)
    element = inputs(build(facts_flow, index))[block_id]["element"]
    picked = (
        [_value_labelled(element, label) for label in labels]
        if isinstance(labels, list)
        else _value_labelled(element, labels)
    )
    values = {block_id: {ActionId.ANSWER: slack_state(element, picked)}}
    parsed = parse_answer_submission(values, facts_flow, facts_flow.sections[index])
    assert parse_answer(facts_flow.question(question_id), parsed[question_id]) == stored
    assert answer_form_problems(values, facts_flow, facts_flow.sections[index]) == {}


def test_the_dont_know_box_answers_a_number_question(facts_flow: Flow) -> None:
    payload = build(facts_flow, 0, {"has_models": True})
    box = inputs(payload)[keyed(Prefix.DONT_KNOW, "model_count")]["element"]
    values = {
        keyed(Prefix.QUESTION, "model_count"): {ActionId.ANSWER: {"type": "number_input", "value": None}},
        keyed(Prefix.DONT_KNOW, "model_count"): {ActionId.DONT_KNOW: slack_state(box, [DONT_KNOW])},
    }
    section = facts_flow.sections[0]
    assert parse_answer_submission(values, facts_flow, section) == {"model_count": DONT_KNOW}
    assert answer_form_problems(values, facts_flow, section) == {}
    refilled = build(facts_flow, 0, {"has_models": True, "model_count": DONT_KNOW})
    assert inputs(refilled)[keyed(Prefix.DONT_KNOW, "model_count")]["element"]["initial_options"]


def test_the_form_refuses_dont_know_or_none_of_these_ticked_with_other_answers(facts_flow: Flow) -> None:
    areas = inputs(build(facts_flow, 1))[keyed(Prefix.QUESTION, "areas")]["element"]
    for label in ("None of these", "Don't know"):
        picked = ["c0", _value_labelled(areas, label)]
        values = {keyed(Prefix.QUESTION, "areas"): {ActionId.ANSWER: slack_state(areas, picked)}}
        problems = answer_form_problems(values, facts_flow, facts_flow.sections[1])
        assert problems == {"areas": f"Tick “{label}” on its own, or untick it to keep the others."}


@pytest.mark.parametrize(
    ("typed", "ticked", "problem"),
    [
        ("12", True, "Give a number or tick “Don't know”, not both."),
        (None, False, "Give a number, or tick “Don't know”."),
    ],
)
def test_a_number_that_offers_dont_know_needs_one_or_the_other(
    facts_flow: Flow, typed: str | None, ticked: bool, problem: str
) -> None:
    box = inputs(build(facts_flow, 0, {"has_models": True}))[keyed(Prefix.DONT_KNOW, "model_count")][
        "element"
    ]
    values = {
        keyed(Prefix.QUESTION, "model_count"): {ActionId.ANSWER: {"type": "number_input", "value": typed}},
        keyed(Prefix.DONT_KNOW, "model_count"): {
            ActionId.DONT_KNOW: slack_state(box, [DONT_KNOW] if ticked else [])
        },
    }
    assert answer_form_problems(values, facts_flow, facts_flow.sections[0]) == {"model_count": problem}


def test_a_quote_that_only_repeats_its_question_is_left_out(flow: Flow) -> None:
    data = flow_data()
    data["sections"][0]["questions"][0]["quote"] = "Question has_models?"
    repeated = Flow.model_validate(data)
    assert "“Question has_models?”" not in all_text(build(repeated, 0))
    assert "From the source: “Source words for maturity.”" in all_text(build(repeated, 0))
    assert "From the source: “Source words for has_models.”" in all_text(build(flow, 0))
