from __future__ import annotations

from flows.engine import analyse
from flows.engine.minority import minority_view
from flows.engine.model import Analysis, Decision, SensitivityCase
from flows.schema import Flow

from .builders import panel, split


def cases(analysis: Analysis, name: str) -> list[SensitivityCase]:
    return [c for c in analysis.sensitivity if c.name == name]


def by_question(analysis: Analysis) -> dict[str, object]:
    return {q.question_id: q for q in analysis.questions}


def test_a_dispute_whose_minority_view_flips_the_recommendation_is_decisive(big_and_small_flow: Flow) -> None:
    # big: 3 yes, 2 no. Lead = (3x5 + 5x1) / 5 = 4, Head = 2x5 / 5 = 2; all saying no: Lead 1, Head 5.
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    analysis = analyse(big_and_small_flow, panel(answers))
    big = by_question(analysis)["big"]
    assert big.disputed and big.decisive
    [switch] = cases(analysis, "minority_view")
    assert (switch.question_id, switch.option_id, switch.flipped) == ("big", "head", True)


def test_a_dispute_whose_minority_view_changes_nothing_is_not_decisive(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers))
    small = by_question(analysis)["small"]
    assert small.disputed and not small.decisive
    assert [c.flipped for c in cases(analysis, "minority_view")] == [False]


def test_all_disputes_switch_together_when_there_are_two(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers))
    [together] = cases(analysis, "all_minority_views")
    assert together.flipped and together.option_id == "head"


def test_a_decided_question_is_not_switched(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    decided = Decision(question_id="big", value=True, rationale="Settled.")
    analysis = analyse(big_and_small_flow, panel(answers, decisions=[decided]))
    assert cases(analysis, "minority_view") == []
    assert not by_question(analysis)["big"].decisive


def test_a_question_left_open_is_still_switched(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    left = Decision(question_id="big", value=None, rationale="Not now.")
    analysis = analyse(big_and_small_flow, panel(answers, decisions=[left]))
    assert by_question(analysis)["big"].decisive


def test_missing_answers_filled_for_the_runner_up_can_flip(one_question_flow: Flow) -> None:
    # Lead 4/3 vs Head 2/3 among three; two silent members answering no make it Lead 4/5, Head 6/5.
    answers = split((2, {"ready": True}), (1, {"ready": False}))
    analysis = analyse(one_question_flow, panel(answers, silent=["s1", "s2"]))
    [filled] = cases(analysis, "missing_filled")
    assert filled.flipped and filled.option_id == "head"


def test_declined_members_are_not_filled_in(one_question_flow: Flow) -> None:
    answers = split((2, {"ready": True}), (1, {"ready": False}))
    analysis = analyse(one_question_flow, panel(answers, declined=["s1", "s2"]))
    assert cases(analysis, "missing_filled") == []


def test_each_question_is_halved_and_raised_by_half(balanced_flow: Flow) -> None:
    # Lead 3 against Head 2.5: halving for_lead (1.5) or raising for_head (3.75) flips it.
    analysis = analyse(balanced_flow, panel(split((3, {"for_lead": True, "for_head": True}))))
    flipped = {(c.name, c.question_id): c.flipped for c in analysis.sensitivity}
    assert flipped == {
        ("weight_halved", "for_lead"): True,
        ("weight_raised", "for_lead"): False,
        ("weight_halved", "for_head"): False,
        ("weight_raised", "for_head"): True,
    }


def test_minority_view_of_a_yes_no_tie_is_the_answer_listed_second(one_question_flow: Flow) -> None:
    assert minority_view(one_question_flow.question("ready"), [False, True, False, True]) is False


def test_minority_view_of_a_scale_is_the_median_of_the_other_groups(every_kind_flow: Flow) -> None:
    maturity = every_kind_flow.question("maturity")
    assert minority_view(maturity, [4, 4, 5, 1, 2]) == 1  # median 1.5, rounded away from {4,5}
    assert minority_view(maturity, [1, 1, 2, 4, 5]) == 5  # median 4.5, rounded away from {1,2}
    assert minority_view(maturity, [3, 3, 3, 5]) == 5
    assert minority_view(maturity, [4, 5, 4]) is None


def test_minority_view_of_choices_and_numbers(every_kind_flow: Flow) -> None:
    q = every_kind_flow.question
    assert minority_view(q("focus"), ["outcomes", "capability", "outcomes"]) == "capability"
    assert minority_view(
        q("gaps"), [["strategy"], ["engineering"], ["strategy"], ["engineering"], ["strategy"]]
    ) == ["engineering"]
    assert minority_view(q("team_size"), [60, 70, 80, 9, 5, 20]) == 5  # "under 10" beats 10-49
