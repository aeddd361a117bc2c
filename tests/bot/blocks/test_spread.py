from __future__ import annotations

from bot.blocks.disputes import distribution_lines
from bot.blocks.spread import spread_text

from .conftest import question_result


def test_a_scale_spread_reads_in_words_and_leaves_out_answers_nobody_gave() -> None:
    result = question_result("maturity", "scale", distribution={"1": 2, "2": 0, "3": 0, "4": 0, "5": 3})
    assert spread_text(result) == "Strongly disagree 2 · Strongly agree 3"


def test_yes_no_is_capitalised_and_choices_keep_their_labels() -> None:
    assert (
        spread_text(question_result("has_models", "yes_no", distribution={"yes": 3, "no": 2}))
        == "Yes 3 · No 2"
    )
    choice = question_result("gap", "single_choice", distribution={"Choice 0": 4, "Choice 1": 0})
    assert spread_text(choice) == "Choice 0 4"


def test_the_forms_label_each_bar_as_the_answer_input_reads() -> None:
    result = question_result("maturity", "scale", distribution={"1": 2, "2": 0, "3": 0, "4": 1, "5": 2})
    lines = distribution_lines(result)
    assert lines[0].endswith("1 Strongly disagree (2)") and lines[3].endswith("4 Agree (1)")
    assert len(lines) == 5  # the whole range, zeros included
