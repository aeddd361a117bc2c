from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.model import Decision, Thresholds
from flows.schema import DONT_KNOW, Flow

from .builders import panel, split

LENIENT = Thresholds(min_answers=1)  # these tests look at the arithmetic of one or two members


def test_scores_are_weighted_sums_over_the_weight_of_those_who_answered(quorum_of_one_flow: Flow) -> None:
    # m0 (weight 2) says yes: 2 x 2 to the Product Lead; m1 (weight 1) says no: 1 x 2 to the Head of AI.
    answers = {"m0": {"ready": True}, "m1": {"ready": False}, "m2": {"ready": DONT_KNOW}}
    analysis = analyse(quorum_of_one_flow, panel(answers, weights={"m0": 2}), LENIENT)
    assert analysis.scores == pytest.approx({"lead": 4 / 3, "head": 2 / 3})
    assert analysis.shares == pytest.approx({"lead": 2 / 3, "head": 1 / 3})
    assert analysis.recommendation.option_id == "lead"
    assert analysis.recommendation.margin == pytest.approx(1 / 3)


def test_every_question_a_member_answers_adds_up(every_kind_flow: Flow) -> None:
    answers = {
        "platform": True,
        "maturity": 4,
        "team_size": 60,
        "gaps": ["strategy", "engineering"],
        "focus": "capability",
    }
    analysis = analyse(every_kind_flow, panel({"m0": answers}), LENIENT)
    # lead: 2 + 0.75 + 1 + 1 + 0; head: 0 + 0.25 + 0 + 1 + 1.5
    assert analysis.scores == pytest.approx({"lead": 4.75, "head": 2.75})


def test_members_who_answered_nothing_do_not_dilute_the_scores(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((2, {"ready": True})), silent=["m9"]))
    assert analysis.scores == pytest.approx({"lead": 2.0, "head": 0.0})


def test_declined_members_give_no_answers(quorum_of_one_flow: Flow) -> None:
    answers = split((1, {"ready": True}), (3, {"ready": False}))
    analysis = analyse(quorum_of_one_flow, panel(answers, declined=["m1", "m2", "m3"]), LENIENT)
    assert analysis.recommendation.option_id == "lead"
    assert analysis.questions[0].answered == 1


def test_answers_to_hidden_questions_do_not_count(every_kind_flow: Flow) -> None:
    # platform_age only shows after a yes to platform; this member said no.
    analysis = analyse(every_kind_flow, panel({"m0": {"platform": False, "platform_age": 4}}))
    counted = {q.question_id: q.answered for q in analysis.questions}
    assert counted["platform_age"] == 0


def test_a_decision_stands_in_the_scores_but_the_counts_stay_the_panels(big_and_small_flow: Flow) -> None:
    # big: 2 yes, 3 no; the facilitator decides yes. The scores follow the decision; the question's
    # distribution and its signal's supporters are still the panel's own 2 of 5.
    answers = split((2, {"big": True, "small": True}), (3, {"big": False, "small": True}))
    decided = Decision(question_id="big", value=True, rationale="The board said yes.")
    analysis = analyse(big_and_small_flow, panel(answers, decisions=[decided]))
    assert analysis.scores == pytest.approx({"lead": 6.0, "head": 0.0})
    big = analysis.questions[0]
    assert (big.distribution, big.decided, big.decision_rationale) == (
        {"yes": 2, "no": 3},
        "Yes",
        "The board said yes.",
    )
    signal = next(s for s in analysis.recommendation.signals if s.question_id == "big")
    assert (signal.supporters, signal.answered, signal.decided) == (2, 5, "Yes")


def test_a_decision_left_open_changes_no_score(one_question_flow: Flow) -> None:
    answers = split((3, {"ready": True}), (1, {"ready": False}))
    left = Decision(question_id="ready", value=None, rationale="We will come back to it.")
    assert analyse(one_question_flow, panel(answers, decisions=[left])).scores == pytest.approx(
        analyse(one_question_flow, panel(answers)).scores
    )


def test_shares_are_equal_when_every_score_is_zero(every_kind_flow: Flow) -> None:
    # A team of 20 falls in the band that weighs nothing: no evidence, not the option listed first.
    analysis = analyse(every_kind_flow, panel(split((3, {"team_size": 20}))))
    assert analysis.shares == {"lead": 0.5, "head": 0.5}
    assert analysis.recommendation.option_id is None
    assert analysis.recommendation.missing == ["The answers so far give no option any evidence."]


def test_dont_know_gives_no_evidence_and_is_not_missing(one_question_flow: Flow) -> None:
    answers = split((3, {"ready": True}), (3, {"ready": DONT_KNOW}))
    analysis = analyse(one_question_flow, panel(answers))
    assert analysis.scores == pytest.approx({"lead": 2.0, "head": 0.0})  # over the 3 present
    assert [c.name for c in analysis.sensitivity if c.name == "missing_filled"] == []
    assert (analysis.questions[0].answered, analysis.questions[0].dont_know) == (6, 3)
    assert analysis.participation.answered == 6 and analysis.participation.present == 3


def test_none_of_these_is_scored_as_nothing_picked(every_kind_flow: Flow) -> None:
    analysis = analyse(every_kind_flow, panel(split((3, {"gaps": []}), (1, {"gaps": ["strategy"]}))))
    assert analysis.scores == pytest.approx({"lead": 0.25, "head": 0.0})
    assert analysis.participation.present == 4


def test_agreement_is_the_share_of_judged_weight_bearing_questions_at_consensus(
    every_kind_flow: Flow,
) -> None:
    # platform and focus agreed; maturity split; team_size has two answers only (insufficient);
    # concerns (free text) is never judged.
    answers = split(
        (3, {"platform": False, "focus": "outcomes", "maturity": 1, "concerns": "fine"}),
        (2, {"platform": False, "focus": "outcomes", "maturity": 5, "team_size": 20}),
    )
    assert analyse(every_kind_flow, panel(answers)).agreement == pytest.approx(2 / 3)
