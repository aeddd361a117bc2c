from __future__ import annotations

from flows.engine import analyse
from flows.engine.ballots import read_panel
from flows.engine.model import Analysis, Decision, QuestionResult, SensitivityCase
from flows.engine.switching import answer_groups
from flows.schema import Flow

from .builders import make_flow, panel, question, section, split, yes_no


def cases(analysis: Analysis, name: str) -> list[SensitivityCase]:
    return [c for c in analysis.sensitivity if c.name == name]


def by_question(analysis: Analysis) -> dict[str, QuestionResult]:
    return {q.question_id: q for q in analysis.questions}


def test_a_dispute_with_an_answer_that_flips_the_recommendation_is_decisive(big_and_small_flow: Flow) -> None:
    # big: 3 yes, 2 no. Lead = (3x5 + 5x1) / 5 = 4, Head = 2x5 / 5 = 2; all saying no: Lead 1, Head 5.
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    analysis = analyse(big_and_small_flow, panel(answers))
    big = by_question(analysis)["big"]
    assert big.disputed and big.decisive
    switches = {(c.description, c.option_id, c.flipped) for c in cases(analysis, "answer_switched")}
    assert switches == {
        ("Everyone who answered “Question big?” answers yes, as 3 of 5 did.", "lead", False),
        ("Everyone who answered “Question big?” answers no, as 2 of 5 did.", "head", True),
    }


def test_no_case_calls_the_most_common_answer_a_minority(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    assert not any(
        "minority" in c.description for c in analyse(big_and_small_flow, panel(answers)).sensitivity
    )


def test_a_dispute_whose_other_answers_change_nothing_is_not_decisive(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers))
    small = by_question(analysis)["small"]
    assert small.disputed and not small.decisive
    assert [c.flipped for c in cases(analysis, "answer_switched")] == [False, False]


def test_all_disputes_switch_together_towards_each_challenger(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers))
    [together] = cases(analysis, "all_switched")
    assert together.flipped and together.option_id == "head"
    assert (
        together.description == "Every disputed question takes the answer given that most favours Head of AI."
    )


def test_in_a_three_against_three_tie_every_switch_to_either_side_breaks_it() -> None:
    # Each question splits 3-3 the same way, so the shares tie. Switching any one question to either
    # half's answer breaks the tie: every disputed question is decisive, whichever side the flow
    # lists first.
    flow = make_flow(section("four", *(yes_no(f"q{i}") for i in range(4))))
    answers = split((3, {f"q{i}": True for i in range(4)}), (3, {f"q{i}": False for i in range(4)}))
    analysis = analyse(flow, panel(answers))
    assert analysis.recommendation.option_id is None and analysis.recommendation.tied == ["lead", "head"]
    assert [q.decisive for q in analysis.questions] == [True] * 4
    assert all(c.flipped for c in cases(analysis, "answer_switched"))


def test_a_switch_drops_the_answers_it_would_hide() -> None:
    # `detail` shows only after yes to `gate` and carries 10 for the Product Lead. 4 of 6 say yes to
    # gate (and 10 via detail); switching gate to no hides detail, so the Head of AI wins. Were
    # detail still counted, the Product Lead would stay ahead.
    flow = make_flow(
        section(
            "gated",
            yes_no("gate", 1, 3),
            question(
                "detail",
                "yes_no",
                evidence={"agree": {"lead": 10}},
                show_when={"question": "gate", "equals": True},
            ),
        )
    )
    answers = split((4, {"gate": True, "detail": True}), (2, {"gate": False}))
    analysis = analyse(flow, panel(answers))
    switched_to_no = next(c for c in cases(analysis, "answer_switched") if "answers no" in c.description)
    assert (switched_to_no.option_id, switched_to_no.flipped) == ("head", True)
    assert by_question(analysis)["gate"].decisive


def test_a_decided_question_is_not_switched(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    decided = Decision(question_id="big", value=True, rationale="Settled.")
    analysis = analyse(big_and_small_flow, panel(answers, decisions=[decided]))
    assert cases(analysis, "answer_switched") == []
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


def test_answer_groups_are_largest_first_and_leave_out_dont_know(every_kind_flow: Flow) -> None:
    answers = split(
        (3, {"maturity": 3}), (1, {"maturity": 2}), (1, {"maturity": 4}), (2, {"maturity": "dont_know"})
    )
    ballots = read_panel(every_kind_flow, panel(answers)).effective
    groups = answer_groups(every_kind_flow, every_kind_flow.question("maturity"), ballots)
    assert [(g.value, g.members) for g in groups] == [(3, 3), (2, 1), (4, 1)]  # 3 is not a "minority"


def test_numbers_in_one_band_are_one_group(every_kind_flow: Flow) -> None:
    answers = split((2, {"team_size": 60}), (1, {"team_size": 70}), (1, {"team_size": 5}))
    ballots = read_panel(every_kind_flow, panel(answers)).effective
    groups = answer_groups(every_kind_flow, every_kind_flow.question("team_size"), ballots)
    assert [(g.value, g.members) for g in groups] == [(60, 3), (5, 1)]


def test_a_switch_to_a_choice_quotes_its_label(every_kind_flow: Flow) -> None:
    answers = split((3, {"focus": "outcomes"}), (2, {"focus": "capability"}))
    analysis = analyse(every_kind_flow, panel(answers))
    described = {c.description for c in cases(analysis, "answer_switched")}
    assert "Everyone who answered “Question focus?” answers “Capability”, as 2 of 5 did." in described
