"""Answers in plain words, as each kind of question reads them."""

from __future__ import annotations

import pytest

from bot.export.labels import DONT_KNOW_LABEL, value_label
from flows.engine.model import AnswerValue
from flows.schema import DONT_KNOW, Flow


@pytest.mark.parametrize(
    ("question_id", "value", "label"),
    [
        ("infrastructure_first", True, "Yes"),
        ("infrastructure_first", False, "No"),
        ("cto_has_capacity", 2, "Disagree (2)"),
        ("feature_or_operating_model", "a_feature", "A feature in our products"),
        ("risks_that_worry_us", ["model_risk", "cybersecurity"], "Model risk; Cybersecurity"),
        ("risks_that_worry_us", [], "None of them"),
        ("functions_using_ai", 5, "5 functions"),
        ("functions_using_ai", 2.5, "2.5 functions"),
        ("competitive_advantage", "Claims triage.", "Claims triage."),
        ("functions_using_ai", DONT_KNOW, DONT_KNOW_LABEL),
    ],
)
def test_each_kind_of_answer_reads_as_people_picked_it(
    caio_flow: Flow, question_id: str, value: AnswerValue, label: str
) -> None:
    assert value_label(caio_flow.question(question_id), value) == label


def test_free_text_that_happens_to_be_the_sentinel_is_kept(caio_flow: Flow) -> None:
    assert value_label(caio_flow.question("competitive_advantage"), DONT_KNOW) == DONT_KNOW
