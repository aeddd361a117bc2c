from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.engine.agreement import judge
from flows.engine.model import AnswerValue, Thresholds
from flows.schema import Flow

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


def test_scale_deviation_exactly_at_the_bound_is_consensus(every_kind_flow: Flow) -> None:
    # {4,5} holds 4 of 5; the median is 5; the deviations 0,0,0,0,4 average 0.8.
    judged = judge(every_kind_flow.question("maturity"), [5, 5, 5, 5, 1], DEFAULT)
    assert (judged.status, judged.avg_deviation) == ("consensus", 0.8)


def test_scale_deviation_over_the_bound_is_no_consensus(every_kind_flow: Flow) -> None:
    # {4,5} still holds 4 of 5, but the deviations 0,0,0,1,4 average 1.0.
    judged = judge(every_kind_flow.question("maturity"), [5, 5, 5, 4, 1], DEFAULT)
    assert (judged.status, judged.avg_deviation) == ("no_consensus", 1.0)


def test_scale_with_both_extremes_held_is_polarised(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "maturity", [1, 2, 5, 5, 4]) == "polarised"


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


def test_number_is_judged_on_its_bands(every_kind_flow: Flow) -> None:
    judged = judge(every_kind_flow.question("team_size"), [60, 70, 800, 5], DEFAULT)
    assert judged.status == "consensus"
    assert judged.distribution == {"under 10": 1, "10–49": 0, "50 or more": 3}  # noqa: RUF001


def test_number_without_bands_and_free_text_are_not_judged(every_kind_flow: Flow) -> None:
    assert status_of(every_kind_flow, "platform_age", [1, 1, 1, 1]) == "not_judged"
    assert status_of(every_kind_flow, "concerns", ["a", "a", "a"]) == "not_judged"
