"""The yes/no plug-in on its own: no engine, no Slack."""

from __future__ import annotations

import random

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.yes_no import YesNo
from flows.schema import Question

from .conftest import OPTIONS

PLUGIN = YesNo()


@pytest.mark.parametrize(("raw", "value"), [(True, True), ("yes", True), (" Y ", True), ("false", False)])
def test_spelled_out_answers_are_read(yes_no: Question, raw: object, value: bool) -> None:
    assert PLUGIN.parse(yes_no, raw) is value


def test_anything_else_is_refused_saying_what_is_accepted(yes_no: Question) -> None:
    with pytest.raises(InvalidAnswer, match="question 'ready': expected yes or no, got 'maybe'"):
        PLUGIN.parse(yes_no, "maybe")


def test_yes_gives_agree_and_no_gives_disagree(yes_no: Question) -> None:
    assert PLUGIN.evidence(yes_no, True, OPTIONS) == (2.0, 0.0)
    assert PLUGIN.evidence(yes_no, False, OPTIONS) == (0.0, 2.0)
    assert PLUGIN.most_favouring(yes_no, 1, 0, OPTIONS) == (0.0, 2.0)


def test_three_of_four_alike_is_consensus(yes_no: Question) -> None:
    values = [True, True, True, False]
    distribution = PLUGIN.distribution(yes_no, values)
    assert distribution == {"yes": 3, "no": 1}
    judged = PLUGIN.judge(yes_no, values, distribution, Thresholds())
    assert (judged.status, judged.top_share) == ("consensus", 0.75)


def test_words_for_an_answer(yes_no: Question) -> None:
    assert PLUGIN.describe(yes_no, True) == "yes"
    assert PLUGIN.form_label(yes_no, True, "yes") == "Yes"
    assert PLUGIN.distribution_label("no") == "No"
    assert PLUGIN.export_label(yes_no, False) == "No"
    assert PLUGIN.listed_choices(yes_no) == [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}]


def test_the_element_offers_yes_no_and_dont_know_and_prefills_the_answer(yes_no: Question) -> None:
    element = PLUGIN.element(yes_no, False, action_id="answer", offer_dont_know=True)
    assert element["type"] == "radio_buttons"
    assert [o["value"] for o in element["options"]] == ["yes", "no", "dont_know"]
    assert element["initial_option"]["value"] == "no"
    left_out = PLUGIN.element(yes_no, None, action_id="answer", offer_dont_know=False)
    assert [o["value"] for o in left_out["options"]] == ["yes", "no"] and "initial_option" not in left_out


def test_a_picked_option_reads_back_as_the_answer(yes_no: Question) -> None:
    assert PLUGIN.read_state(yes_no, {"selected_option": {"value": "yes"}}) is True
    assert PLUGIN.read_state(yes_no, {"selected_option": {"value": "dont_know"}}) == "dont_know"
    assert PLUGIN.read_state(yes_no, {"selected_option": None}) is None


def test_the_demo_splits_between_yes_and_no_and_sometimes_goes_its_own_way(yes_no: Question) -> None:
    assert PLUGIN.split_answers(yes_no) == [True, False]
    assert PLUGIN.demo_tilt(yes_no, True, lambda v: 1.0, noise=0.0, rng=random.Random(1)) is True
    assert PLUGIN.demo_tilt(yes_no, True, lambda v: 1.0, noise=1.0, rng=random.Random(1)) is False
