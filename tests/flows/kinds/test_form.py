"""The Block Kit pieces every kind builds its element from, and reading a submitted state."""

from __future__ import annotations

from flows.kinds import form
from flows.schema import Question


def test_a_short_list_is_radio_buttons_with_the_earlier_answer_picked() -> None:
    options = [form.option("a", "A"), form.option("b", "B")]
    element = form.pick_one("act", options, {"b"})
    assert element == {
        "type": "radio_buttons",
        "action_id": "act",
        "options": options,
        "initial_option": options[1],
    }


def test_more_options_than_radio_buttons_allow_make_a_menu() -> None:
    options = [form.option(str(n), f"Option {n}") for n in range(form.RADIO_LIMIT + 1)]
    assert form.pick_one("act", options, set())["type"] == "static_select"
    assert form.pick_any("act", options, set())["type"] == "multi_static_select"
    assert form.pick_any("act", options[:2], set())["type"] == "checkboxes"


def test_an_empty_earlier_answer_picks_none_of_these() -> None:
    assert form.chosen_values([]) == {form.NONE_OF_THESE}
    assert form.chosen_values(["x", "y"]) == {"x", "y"}
    assert form.chosen_values(None) == set()


def test_dont_know_is_offered_only_when_the_question_and_the_caller_both_want_it(
    yes_no: Question, scale: Question
) -> None:
    assert yes_no.dont_know and not scale.dont_know
    assert form.dont_know_option(yes_no, True) == [form.option("dont_know", "Don't know")]
    assert form.dont_know_option(yes_no, False) == []
    assert form.dont_know_option(scale, True) == []


def test_reading_a_state_hands_options_and_text_to_the_kinds_converters() -> None:
    def upper(value: str) -> str:
        return value.upper()

    assert form.read_state({"selected_option": {"value": "x"}}, upper, upper) == "X"
    assert form.read_state({"value": " typed "}, upper, upper) == " TYPED "
    assert form.read_state({"value": "  "}, upper, upper) is None
    assert form.read_state({"selected_options": [{"value": "dont_know"}]}, upper, upper) == "dont_know"
