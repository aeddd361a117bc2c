"""Round 2 and the facilitator: how a dispute found in round 1 is resolved."""

from __future__ import annotations

from flows.engine import analyse
from flows.engine.model import Decision, QuestionResult
from flows.schema import Flow

from .builders import panel, split

SPLIT_ON_SMALL = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))


def small_result(flow: Flow, **extra: object) -> QuestionResult:
    analysis = analyse(flow, panel(SPLIT_ON_SMALL, **extra))
    return next(q for q in analysis.questions if q.question_id == "small")


def test_a_dispute_nobody_settled_is_open(big_and_small_flow: Flow) -> None:
    small = small_result(big_and_small_flow)
    assert (small.disputed, small.status, small.resolution) == (True, "no_consensus", "open")


def test_round_two_revisions_reaching_consensus_make_it_revised(big_and_small_flow: Flow) -> None:
    small = small_result(big_and_small_flow, round2={"m3": {"small": True}})  # now 4 of 5 say yes
    assert (small.disputed, small.status, small.resolution) == (True, "consensus", "revised")
    assert small.distribution == {"yes": 4, "no": 1}


def test_round_two_revisions_short_of_consensus_leave_it_open(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": True}), (3, {"big": True, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers, round2={"m4": {"small": True}}))  # 5 of 7
    small = next(q for q in analysis.questions if q.question_id == "small")
    assert (small.disputed, small.resolution) == (True, "open")


def test_a_facilitator_decision_makes_it_decided(big_and_small_flow: Flow) -> None:
    decided = Decision(question_id="small", value="yes", rationale="We have the budget.")
    assert small_result(big_and_small_flow, decisions=[decided]).resolution == "decided"


def test_a_decision_to_leave_it_makes_it_left_open(big_and_small_flow: Flow) -> None:
    left = Decision(question_id="small", value=None, rationale="Revisit after the board meeting.")
    assert small_result(big_and_small_flow, decisions=[left]).resolution == "left_open"


def test_disputes_are_found_in_round_one_only(big_and_small_flow: Flow) -> None:
    # Round 1 agrees on small (4 of 5); a round-2 change that breaks the agreement makes no dispute.
    answers = split((4, {"big": True, "small": True}), (1, {"big": True, "small": False}))
    analysis = analyse(big_and_small_flow, panel(answers, round2={"m0": {"small": False}}))
    small = next(q for q in analysis.questions if q.question_id == "small")
    assert (small.status, small.disputed, small.resolution) == ("no_consensus", False, None)


def test_rationales_from_both_rounds_are_kept_in_no_members_order(big_and_small_flow: Flow) -> None:
    rationales = {("m4", "small"): "zeta: too early", ("m0", "small"): "alpha: we are ready"}
    small = small_result(big_and_small_flow, rationales=rationales, round2={"m2": {"small": True}})
    assert small.rationales == ["alpha: we are ready", "zeta: too early"]


def test_undisputed_questions_carry_no_rationales_or_resolution(big_and_small_flow: Flow) -> None:
    analysis = analyse(big_and_small_flow, panel(SPLIT_ON_SMALL, rationales={("m0", "big"): "obvious"}))
    big = next(q for q in analysis.questions if q.question_id == "big")
    assert (big.disputed, big.resolution, big.rationales) == (False, None, [])


def test_free_text_answers_are_collected_anonymously_and_never_disputed(every_kind_flow: Flow) -> None:
    answers = {
        "m2": {"concerns": "Budget."},
        "m0": {"concerns": "Hiring market."},
        "m1": {"concerns": "<@U1> knows"},
    }
    concerns = next(
        q for q in analyse(every_kind_flow, panel(answers)).questions if q.question_id == "concerns"
    )
    assert concerns.free_text == ["<@U1> knows", "Budget.", "Hiring market."]
    assert (concerns.status, concerns.disputed) == ("not_judged", False)
