"""The agreement-scale plug-in on its own: no engine, no Slack."""

from __future__ import annotations

import random

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.scale import Scale, deviation_limit
from flows.schema import Question

from .conftest import OPTIONS

PLUGIN = Scale()


def test_whole_points_from_one_to_five_are_read(scale: Question) -> None:
    assert PLUGIN.parse(scale, "4") == 4
    assert PLUGIN.parse(scale, 5.0) == 5
    for raw in (0, 6, 2.5, "agree"):
        with pytest.raises(InvalidAnswer, match="a whole number from 1 to 5"):
            PLUGIN.parse(scale, raw)


@pytest.mark.parametrize(("level", "expected"), [(1, (0.0, 1.0)), (3, (0.5, 0.5)), (4, (0.75, 0.25))])
def test_evidence_is_linear_in_the_level(scale: Question, level: int, expected: tuple[float, ...]) -> None:
    assert PLUGIN.evidence(scale, level, OPTIONS) == expected


def test_an_end_of_the_scale_favours_most(scale: Question) -> None:
    assert PLUGIN.most_favouring(scale, 0, 1, OPTIONS) == (1.0, 0.0)
    assert PLUGIN.split_answers(scale) == [1, 5]


def test_a_panel_at_both_ends_is_polarised(scale: Question) -> None:
    values = [1, 1, 2, 4, 5, 5]
    distribution = PLUGIN.distribution(scale, values)
    assert distribution == {"1": 2, "2": 1, "3": 0, "4": 1, "5": 2}
    assert PLUGIN.judge(scale, values, distribution, Thresholds()).status == "polarised"


def test_agreeing_strongly_or_not_is_still_consensus(scale: Question) -> None:
    values = [4, 4, 5, 5]
    judged = PLUGIN.judge(scale, values, PLUGIN.distribution(scale, values), Thresholds())
    assert judged.status == "consensus" and judged.avg_deviation == 0.5 < deviation_limit()


def test_words_for_a_level(scale: Question) -> None:
    assert PLUGIN.describe(scale, 2) == "2 of 5 (disagree)"
    assert PLUGIN.form_label(scale, 2, "2 of 5 (disagree)") == "Disagree"
    assert PLUGIN.distribution_label("5") == "Strongly agree"
    assert PLUGIN.export_label(scale, 3) == "Neither agree nor disagree (3)"
    assert PLUGIN.option_label(scale, 4) == "4 Agree"


def test_the_element_offers_five_points_and_reads_back_a_number(scale: Question) -> None:
    element = PLUGIN.element(scale, 3, action_id="answer", offer_dont_know=True)
    assert [o["value"] for o in element["options"]] == ["1", "2", "3", "4", "5"]  # no "don't know" here
    assert element["initial_option"]["text"]["text"] == "3 Neither agree nor disagree"
    assert PLUGIN.read_state(scale, {"selected_option": {"value": "3"}}) == 3


def test_the_demo_leans_to_the_end_its_leaning_favours(scale: Question) -> None:
    towards_lead = PLUGIN.demo_tilt(scale, 4, lambda v: float(v), noise=0.0, rng=random.Random(1))
    towards_head = PLUGIN.demo_tilt(scale, 4, lambda v: -float(v), noise=0.0, rng=random.Random(1))
    assert (towards_lead, towards_head) == (5, 4)
