from __future__ import annotations

from typing import Any

from bot.blocks.facilitator import LEAVE_OPEN, FacilitatorChoice, facilitator_modal, parse_decisions
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed
from bot.blocks.metadata import FacilitatorMeta
from flows.engine.model import QuestionResult
from flows.schema import Flow

from .conftest import question_result
from .limits import all_text, check_view

META = FacilitatorMeta(workshop_id=7, team_id="T1")


def submitted(answer: str | None, leave_open: bool, rationale: str | None) -> dict[str, Any]:
    return {
        keyed(Prefix.QUESTION, "has_models"): {
            ActionId.ANSWER: {
                "type": "radio_buttons",
                "selected_option": {"value": answer} if answer else None,
            }
        },
        keyed(Prefix.LEAVE_OPEN, "has_models"): {
            ActionId.LEAVE_OPEN: {
                "type": "checkboxes",
                "selected_options": [{"value": LEAVE_OPEN}] if leave_open else [],
            }
        },
        keyed(Prefix.RATIONALE, "has_models"): {
            ActionId.RATIONALE: {"type": "plain_text_input", "value": rationale}
        },
    }


def test_modal_shows_each_dispute_its_spread_and_decisiveness(
    flow: Flow, disputed_yes_no: QuestionResult
) -> None:
    quiet = question_result(
        "gap", "single_choice", disputed=True, distribution={"Choice 0": 2, "Choice 1": 2}
    )
    payload = check_view(facilitator_modal(flow, [quiet, disputed_yes_no], META))
    assert payload["callback_id"] == CallbackId.FACILITATOR
    text = all_text(payload)
    assert "Question has_models?" in text and "Question gap?" in text
    assert text.count("*Decisive*") == 1
    assert "`██████░░░░` 60% Yes (3)" in text
    inputs = {b["block_id"]: b for b in payload["blocks"] if b["type"] == "input"}
    assert inputs[keyed(Prefix.QUESTION, "has_models")]["optional"] is True
    assert inputs[keyed(Prefix.LEAVE_OPEN, "has_models")]["element"]["options"][0]["value"] == LEAVE_OPEN
    assert not inputs[keyed(Prefix.RATIONALE, "has_models")].get("optional", False)
    # The decisive dispute comes first.
    first_input = next(b for b in payload["blocks"] if b["type"] == "input")
    assert first_input["block_id"] == keyed(Prefix.QUESTION, "has_models")


def test_a_chosen_answer_is_a_decision(flow: Flow) -> None:
    choices, errors = parse_decisions(submitted("no", False, "We have no models yet."), flow)
    assert errors == {}
    assert choices == [FacilitatorChoice("has_models", False, "We have no models yet.")]


def test_leave_open_wins_over_an_answer(flow: Flow) -> None:
    choices, errors = parse_decisions(submitted("yes", True, "Needs the board."), flow)
    assert errors == {}
    assert choices == [FacilitatorChoice("has_models", None, "Needs the board.")]


def test_neither_answer_nor_leave_open_nor_rationale_are_errors_on_their_inputs(flow: Flow) -> None:
    _, errors = parse_decisions(submitted(None, False, "   "), flow)
    assert set(errors) == {keyed(Prefix.QUESTION, "has_models"), keyed(Prefix.RATIONALE, "has_models")}
    assert "Leave this question open" in errors[keyed(Prefix.QUESTION, "has_models")]


def test_the_facilitator_answers_or_leaves_open_but_never_says_dont_know(
    facts_flow: Flow, disputed_yes_no: QuestionResult
) -> None:
    payload = check_view(facilitator_modal(facts_flow, [disputed_yes_no], META))
    inputs = {b["block_id"]: b for b in payload["blocks"] if b["type"] == "input"}
    labels = [o["text"]["text"] for o in inputs[keyed(Prefix.QUESTION, "has_models")]["element"]["options"]]
    assert labels == ["Yes", "No"]
