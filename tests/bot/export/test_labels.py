"""Answers in plain words, as each kind of question reads them."""

from __future__ import annotations

import pytest

from bot.export.labels import value_label
from flows.engine.model import AnswerValue
from flows.kinds.form import DONT_KNOW_LABEL
from flows.schema import DONT_KNOW, Flow


@pytest.mark.parametrize(
    ("question_id", "value", "label"),
    [
        ("capability", True, "Yes"),
        ("capability", False, "No"),
        ("readiness", 2, "Disagree (2)"),
        ("budget", "small", "Small"),
        ("risks", ["model", "security"], "Model risk; Security"),
        ("risks", [], "None of them"),
        ("teams", 5, "5 teams"),
        ("teams", 2.5, "2.5 teams"),
        ("notes", "Claims triage.", "Claims triage."),
        ("teams", DONT_KNOW, DONT_KNOW_LABEL),
    ],
)
def test_each_kind_of_answer_reads_as_people_picked_it(
    record_flow: Flow, question_id: str, value: AnswerValue, label: str
) -> None:
    assert value_label(record_flow.question(question_id), value) == label


def test_free_text_that_happens_to_be_the_sentinel_is_kept(record_flow: Flow) -> None:
    assert value_label(record_flow.question("notes"), DONT_KNOW) == DONT_KNOW
