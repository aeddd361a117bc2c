"""The number plug-in on its own: no engine, no Slack."""

from __future__ import annotations

import random

import pytest

from flows.engine.model import Thresholds
from flows.errors import InvalidAnswer
from flows.kinds.number import Number, band_label, relative_spread
from flows.schema import Band, Question

from .conftest import OPTIONS

PLUGIN = Number()


def test_a_number_within_the_bounds_is_read(number: Question) -> None:
    assert PLUGIN.parse(number, " 12 ") == 12
    assert PLUGIN.parse(number, "2.5") == 2.5
    with pytest.raises(InvalidAnswer, match="expected a number between 0 and 500, got 501"):
        PLUGIN.parse(number, 501)


def test_the_band_holding_the_number_gives_the_evidence(number: Question) -> None:
    assert PLUGIN.evidence(number, 5, OPTIONS) == (1.0, 0.0)
    assert PLUGIN.evidence(number, 20, OPTIONS) == (0.0, 1.0)
    assert PLUGIN.evidence(number, 100, OPTIONS) == (0.0, 0.0)  # outside every band
    assert PLUGIN.evidence_key(number, 12) == PLUGIN.evidence_key(number, 40) == 1


def test_close_numbers_agree_and_the_bands_label_the_distribution(number: Question) -> None:
    values = [24, 25, 26, 26, 400]
    distribution = PLUGIN.distribution(number, values)
    assert distribution == {"under 10": 0, "10\u201349": 4, "outside the bands": 1}
    judged = PLUGIN.judge(number, values, distribution, Thresholds())
    assert judged.status == "consensus" and judged.relative_spread == pytest.approx(1 / 26)
    assert relative_spread([3, 3, 3]) == 0.0


def test_far_apart_numbers_do_not_agree(number: Question) -> None:
    values = [20, 200, 20, 200]
    assert PLUGIN.judge(number, values, {}, Thresholds()).status == "no_consensus"


def test_bands_are_labelled_as_people_write_ranges() -> None:
    assert band_label(Band(min=10, max=11, weights={})) == "10"
    assert band_label(Band(min=0.5, max=2, weights={})) == "0.5 to under 2"
    assert band_label(Band(min=50, weights={})) == "50 or more"


def test_words_carry_the_unit(number: Question) -> None:
    assert PLUGIN.describe(number, 12.0) == "12 people"
    assert PLUGIN.export_label(number, 2.5) == "2.5 people"
    assert PLUGIN.slack_label(number, 7) == "7 people"


def test_a_whole_number_input_with_the_bounds_and_unit_and_a_box_for_dont_know(number: Question) -> None:
    element = PLUGIN.element(number, 12, action_id="a", offer_dont_know=True)
    assert element == {
        "type": "number_input",
        "action_id": "a",
        "is_decimal_allowed": False,
        "initial_value": "12",
        "min_value": "0",
        "max_value": "500",
        "placeholder": {"emoji": True, "text": "people", "type": "plain_text"},
    }
    assert PLUGIN.dont_know_box
    assert PLUGIN.element(number, 2.5, action_id="a", offer_dont_know=True)["is_decimal_allowed"]


def test_typed_numbers_read_back_as_numbers_and_anything_else_as_typed(number: Question) -> None:
    assert PLUGIN.read_state(number, {"value": " 42 "}) == 42
    assert PLUGIN.read_state(number, {"value": "4.5"}) == 4.5
    assert PLUGIN.read_state(number, {"value": "lots"}) == "lots"


def test_the_demo_draws_a_number_in_each_band_and_everyone_shares_it(number: Question) -> None:
    drawn = PLUGIN.demo_candidates(number, random.Random(1))
    assert len(drawn) == 2 and 0 <= drawn[0] < 10 <= drawn[1] < 50
    assert PLUGIN.demo_tilt(number, 7, lambda v: 0.0, noise=1.0, rng=random.Random(1)) == 7
