from __future__ import annotations

from bot.blocks.disputes import distribution_lines
from bot.blocks.spread import form_label

from .conftest import question_result


def test_the_forms_label_each_bar_as_the_answer_input_reads() -> None:
    result = question_result("maturity", "scale", distribution={"1": 2, "2": 0, "3": 0, "4": 1, "5": 2})
    lines = distribution_lines(result)
    assert lines[0].endswith("1 Strongly disagree (2)") and lines[3].endswith("4 Agree (1)")
    assert len(lines) == 5  # the whole range, zeros included


def test_a_form_label_numbers_only_the_scale() -> None:
    assert form_label("scale", "4") == "4 Agree"
    assert form_label("yes_no", "no") == "No"
    assert form_label("single_choice", "Choice 0") == "Choice 0"
