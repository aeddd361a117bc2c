from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.model import Decision
from flows.schema import Flow

from .builders import panel, split


def test_scores_are_weighted_sums_over_the_weight_of_those_who_answered(one_question_flow: Flow) -> None:
    # m0 (weight 2) says yes: 2 x 2 to the Product Lead; m1 (weight 1) says no: 1 x 2 to the Head of AI.
    analysis = analyse(
        one_question_flow, panel({"m0": {"ready": True}, "m1": {"ready": False}}, weights={"m0": 2})
    )
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
    analysis = analyse(every_kind_flow, panel({"m0": answers}))
    # lead: 2 + 0.75 + 1 + 1 + 0; head: 0 + 0.25 + 0 + 1 + 1.5
    assert analysis.scores == pytest.approx({"lead": 4.75, "head": 2.75})


def test_members_who_answered_nothing_do_not_dilute_the_scores(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((2, {"ready": True})), silent=["m9"]))
    assert analysis.scores == pytest.approx({"lead": 2.0, "head": 0.0})


def test_declined_members_give_no_answers(one_question_flow: Flow) -> None:
    answers = split((1, {"ready": True}), (3, {"ready": False}))
    analysis = analyse(one_question_flow, panel(answers, declined=["m1", "m2", "m3"]))
    assert analysis.recommendation.option_id == "lead"
    assert analysis.questions[0].answered == 1


def test_answers_to_hidden_questions_do_not_count(every_kind_flow: Flow) -> None:
    # platform_age only shows after a yes to platform; this member said no.
    analysis = analyse(every_kind_flow, panel({"m0": {"platform": False, "platform_age": 4}}))
    counted = {q.question_id: q.answered for q in analysis.questions}
    assert counted["platform_age"] == 0


def test_a_decision_replaces_every_answer_to_its_question(one_question_flow: Flow) -> None:
    answers = split((3, {"ready": True}), (1, {"ready": False}))
    decided = Decision(question_id="ready", value=False, rationale="The board said no.")
    analysis = analyse(one_question_flow, panel(answers, decisions=[decided]))
    assert analysis.scores == pytest.approx({"lead": 0.0, "head": 2.0})


def test_a_decision_left_open_changes_no_score(one_question_flow: Flow) -> None:
    answers = split((3, {"ready": True}), (1, {"ready": False}))
    left = Decision(question_id="ready", value=None, rationale="We will come back to it.")
    assert analyse(one_question_flow, panel(answers, decisions=[left])).scores == pytest.approx(
        analyse(one_question_flow, panel(answers)).scores
    )


def test_a_tie_goes_to_the_first_option_with_a_margin_of_zero(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((2, {"ready": False}), (2, {"ready": True}))))
    assert (analysis.recommendation.option_id, analysis.recommendation.margin) == ("lead", 0.0)


def test_shares_are_equal_when_every_score_is_zero(every_kind_flow: Flow) -> None:
    # A team of 20 falls in the band that weighs nothing.
    analysis = analyse(every_kind_flow, panel(split((3, {"team_size": 20}))))
    assert analysis.shares == {"lead": 0.5, "head": 0.5}
    assert analysis.recommendation.option_id == "lead"


def test_an_empty_panel_is_analysed_without_failing(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel({}, silent=["m0"]))
    assert analysis.scores == {"lead": 0.0, "head": 0.0}
    assert analysis.agreement == 0.0
    assert analysis.recommendation.confidence == "low"


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
