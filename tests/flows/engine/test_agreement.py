from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.engine.agreement import judge, relative_spread, scale_deviation_limit
from flows.engine.model import AnswerValue, Thresholds
from flows.schema import DONT_KNOW, Flow

DEFAULT = Thresholds()


def status_of(flow: Flow, question_id: str, values: Sequence[AnswerValue]) -> str:
    return judge(flow.question(question_id), values, DEFAULT).status


@pytest.mark.parametrize("values", [[], [True], [True, True]])
def test_fewer_than_three_answers_is_insufficient(every_kind_flow: Flow, values: list[AnswerValue]) -> None:
    assert status_of(every_kind_flow, "platform", values) == "insufficient"


def test_one_participant_is_judged_when_the_minimum_allows_it(every_kind_flow: Flow) -> None:
    lenient = Thresholds(min_answers=1)
    assert judge(every_kind_flow.question("platform"), [False], lenient).status == "consensus"


def test_exactly_three_in_four_is_consensus(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("platform"), [True, True, True, False], DEFAULT)
    assert (judged.status, judged.top_share, judged.distribution) == ("consensus", 0.75, {"yes": 3, "no": 1})


def test_two_in_three_is_no_consensus(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "platform", [True, True, False]) == "no_consensus"


def test_a_tie_is_no_consensus(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("focus"), ["outcomes", "capability"] * 2, DEFAULT)
    assert (judged.status, judged.top_share) == ("no_consensus", 0.5)
    assert judged.distribution == {"Outcomes": 2, "Capability": 2}


def test_single_choice_consensus(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "focus", ["capability"] * 3 + ["outcomes"]) == "consensus"


def test_scale_consensus_in_one_group_close_to_the_median(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("maturity"), [4, 5, 4, 5], DEFAULT)
    assert (judged.status, judged.top_share, judged.avg_deviation) == ("consensus", 1.0, 0.5)
    assert judged.distribution == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 2}


def test_the_deviation_bound_is_c_over_6_for_five_points() -> None:
    assert scale_deviation_limit() == pytest.approx(0.8333, abs=1e-4)


def test_scale_deviation_under_the_bound_is_consensus(every_kind_flow: Flow) -> None:
    # {4,5} holds 5 of 6; the median is 5; the deviations 0,0,0,0,1,4 average 0.833... = 5/6.
    judged = judge(every_kind_flow.question("maturity"), [5, 5, 5, 5, 4, 1], DEFAULT)
    assert judged.status == "consensus" and judged.avg_deviation == pytest.approx(5 / 6)


def test_scale_deviation_over_the_bound_is_no_consensus(every_kind_flow: Flow) -> None:
    # {4,5} still holds 4 of 5, but the deviations 0,0,0,1,4 average 1.0, over 5/6.
    judged = judge(every_kind_flow.question("maturity"), [5, 5, 5, 4, 1], DEFAULT)
    assert (judged.status, judged.avg_deviation) == ("no_consensus", 1.0)


def test_a_deviation_over_0_8_but_under_5_6_is_consensus(every_kind_flow: Flow) -> None:
    levels = [5] * 39 + [1] * 10 + [4]  # {4,5} holds 80%; median 5; deviation (40 + 1) / 50 = 0.82
    judged = judge(every_kind_flow.question("maturity"), levels, DEFAULT)
    assert judged.avg_deviation == pytest.approx(0.82) and judged.status == "consensus"


def test_scale_with_both_extremes_held_by_six_is_polarised(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [1, 2, 5, 5, 4, 1]) == "polarised"


def test_polarisation_is_not_judged_on_fewer_than_six_answers(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [1, 2, 5, 5, 4]) == "no_consensus"


def test_scale_with_exactly_three_in_ten_at_one_extreme_is_polarised(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [1, 1, 2] + [5] * 7) == "polarised"


def test_scale_with_one_extreme_under_the_share_is_no_consensus(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [1, 1] + [5] * 6 + [3, 3]) == "no_consensus"


def test_scale_spread_around_the_middle_is_no_consensus(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [3, 3, 4, 4, 2]) == "no_consensus"


def test_multi_choice_consensus_needs_every_choice_agreed(every_kind_flow: Flow) -> None:
    agreed = judge(every_kind_flow.question("gaps"), [["strategy"]] * 4, DEFAULT)
    split = judge(every_kind_flow.question("gaps"), [["strategy"], ["strategy", "engineering"]] * 2, DEFAULT)
    assert (agreed.status, agreed.top_share) == ("consensus", 1.0)
    assert (split.status, split.top_share) == ("no_consensus", 0.5)
    assert split.distribution == {"Strategy": 4, "Engineering": 2, "Governance": 0}


def test_close_estimates_across_a_band_edge_agree(every_kind_flow: Flow) -> None:
    # 240, 255 and 260: the interquartile range 247.5-257.5 is 4% of the median, whatever the bands.
    judged = judge(every_kind_flow.question("team_size"), [240, 255, 260], DEFAULT)
    assert judged.status == "consensus" and judged.relative_spread == pytest.approx(10 / 255)


def test_far_apart_estimates_in_one_band_do_not_agree(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("team_size"), [60, 70, 800, 900], DEFAULT)
    assert judged.status == "no_consensus" and judged.relative_spread is not None
    assert judged.relative_spread > DEFAULT.number_relative_spread
    assert judged.distribution == {"under 10": 0, "10–49": 0, "50 or more": 4}  # noqa: RUF001


def test_relative_spread_at_the_threshold_is_consensus() -> None:
    # quartiles (inclusive) of 8, 10, 12, 14 are 9.5 and 12.5: IQR 3, median 11; of 6, 10, 10, 14
    # they are 9 and 11: IQR 2, median 10, 0.2.
    assert relative_spread([6, 10, 10, 14]) == pytest.approx(0.2)
    assert relative_spread([0, 0, 0]) == 0.0
    assert relative_spread([-1, 0, 1]) is None  # the answers differ around a median of 0


def test_numbers_without_bands_are_judged_and_free_text_is_not(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "platform_age", [1, 1, 1, 1]) == "consensus"
    assert status_of(every_kind_flow, "concerns", ["a", "a", "a"]) == "not_judged"


def test_dont_know_is_left_out_of_agreement(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("platform"), [True, True, True, DONT_KNOW, DONT_KNOW], DEFAULT)
    assert (judged.status, judged.top_share, judged.distribution) == ("consensus", 1.0, {"yes": 3, "no": 0})
    assert status_of(every_kind_flow, "platform", [True, True, DONT_KNOW]) == "insufficient"


def test_none_of_these_is_an_answer_with_nothing_picked(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("gaps"), [[], [], [], ["strategy"]], DEFAULT)
    assert judged.status == "consensus"  # every choice is "not picked" by at least 3 of 4
    assert judged.distribution == {"Strategy": 1, "Engineering": 0, "Governance": 0, "None of these": 3}
