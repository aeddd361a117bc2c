"""Panels that land in each confidence, one reason at a time where the rule allows it."""

from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.model import Decision, Recommendation
from flows.schema import DONT_KNOW, Flow

from .builders import make_flow, panel, question, section, split, yes_no

ALL_YES = split((6, {"ready": True}))


def recommend(flow: Flow, *args: object, **kwargs: object) -> Recommendation:
    return analyse(flow, panel(*args, **kwargs)).recommendation


def both_gain_flow(lead: float, head: float) -> Flow:
    """A yes gives the Product Lead `lead` and the Head of AI `head` at once: the margin is fixed
    by the weights, and halving or raising them moves both together."""
    return make_flow(
        section("one", question("ready", "yes_no", evidence={"agree": {"lead": lead, "head": head}}))
    )


def test_high_when_every_condition_holds(one_question_flow: Flow) -> None:
    chosen = recommend(one_question_flow, ALL_YES)
    assert (chosen.option_id, chosen.confidence, chosen.blocked_by) == ("lead", "high", [])
    assert chosen.reasons == [
        "6 of 6 invited members answered, covering 100% of the required questions, "
        "with every required role present.",
        "The panel agreed on 100% of the questions it judged.",
        "Product Lead leads Head of AI by 100 points.",
        "No what-if (other answers the panel gave, missing answers, reweighted questions) changes the "
        "recommendation.",
    ]


def test_at_most_medium_below_six_members(one_question_flow: Flow) -> None:
    chosen = recommend(one_question_flow, split((5, {"ready": True})))
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "5 members gave answers that weigh on the decision; a panel under 6 can give at most medium "
        "confidence."
    ]


def test_three_founders_in_full_agreement_get_medium_not_high(one_question_flow: Flow) -> None:
    chosen = recommend(
        one_question_flow, split((3, {"ready": True})), roles={f"m{i}": "ceo" for i in range(3)}
    )
    assert (chosen.option_id, chosen.confidence) == ("lead", "medium")


# --- medium: one condition for high missing -------------------------------------------------------


def test_medium_when_too_few_of_the_invited_answered(one_question_flow: Flow) -> None:
    chosen = recommend(one_question_flow, ALL_YES, declined=["d1", "d2"])
    assert chosen.confidence == "medium"
    assert chosen.reasons[0] == "6 of 8 invited members answered (75%), under the 80% high confidence needs."


def test_a_share_just_under_a_threshold_never_reads_as_reaching_it(one_question_flow: Flow) -> None:
    # 79 of 100 answered: 79%; 199 of 250 would be 79.6%, which rounds to 80: it prints 79.6%.
    chosen = recommend(
        one_question_flow, split((199, {"ready": True})), declined=[f"d{i}" for i in range(51)]
    )
    assert (
        chosen.reasons[0]
        == "199 of 250 invited members answered (79.6%), under the 80% high confidence needs."
    )


def test_medium_when_too_few_required_questions_were_answered(big_and_small_flow: Flow) -> None:
    chosen = recommend(big_and_small_flow, split((6, {"big": True})))
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "The panel answered 50% of the required questions it saw, under the 80% high confidence needs."
    ]


def test_low_when_fewer_than_half_the_weight_bearing_answers_are_in() -> None:
    flow = make_flow(section("three", yes_no("q1"), yes_no("q2"), yes_no("q3")))
    chosen = recommend(flow, split((6, {"q1": True})))  # 6 of 18 answers in
    assert chosen.confidence == "low"
    assert chosen.reasons == [
        "Only 33% of the answers that weigh on the decision are in, under the 50% needed for more than "
        "low confidence."
    ]


def test_dont_know_answers_are_not_weight_bearing_answers_in() -> None:
    flow = make_flow(section("two", yes_no("q1"), yes_no("q2")))
    answers = split((6, {"q1": True, "q2": DONT_KNOW}), (1, {"q1": True}))
    analysis = analyse(flow, panel(answers))
    assert analysis.participation.coverage == pytest.approx(7 / 14)
    assert analysis.participation.completeness == pytest.approx(13 / 14)  # don't know counts there


def test_medium_when_agreement_is_low_and_a_dispute_is_open(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    chosen = recommend(big_and_small_flow, answers)
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "The panel agreed on 50% of the questions it judged, under the 75% high confidence needs.",
        "A dispute is still open: “Question small?”.",
    ]


def test_medium_when_the_margin_is_under_fifteen_points() -> None:
    chosen = recommend(both_gain_flow(1.2, 1.0), ALL_YES)  # shares 0.545 and 0.455
    assert chosen.confidence == "medium"
    assert chosen.reasons == ["Product Lead leads Head of AI by 9.1 points, under the 15 needed."]


def test_medium_when_filling_missing_answers_flips_it() -> None:
    # `costly` is optional: five said no (no evidence), one skipped it. Had they said yes, 10 for
    # the Head of AI over six members (1.67) would outweigh the Product Lead's 1.
    flow = make_flow(
        section(
            "one",
            yes_no("ready", 1, 1),
            question("costly", "yes_no", required=False, evidence={"agree": {"head": 10}}),
        )
    )
    answers = split((5, {"ready": True, "costly": False}), (1, {"ready": True}))
    chosen = recommend(flow, answers)
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "Filling the missing answers in the runner-up's favour changes the recommendation."
    ]


def test_medium_when_only_all_disputes_together_flip_it() -> None:
    flow = make_flow(section("three", yes_no("q1", 1, 1), yes_no("q2", 1, 1), yes_no("q3", 1, 0)))
    answers = split((4, {"q1": True, "q2": True, "q3": True}), (2, {"q1": False, "q2": False, "q3": True}))
    chosen = recommend(flow, answers)
    assert chosen.confidence == "medium"
    assert "Switching every disputed question at once changes the recommendation." in chosen.reasons


def test_medium_when_the_facilitator_decided(one_question_flow: Flow) -> None:
    decided = Decision(question_id="ready", value=True, rationale="Confirmed.")
    chosen = recommend(one_question_flow, ALL_YES, decisions=[decided])
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "The facilitator decided a question the panel did not settle: “Question ready?”."
    ]


# --- low: any one condition is enough -------------------------------------------------------------


def test_low_when_one_disputed_question_flips_it(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    chosen = recommend(big_and_small_flow, answers)
    assert chosen.confidence == "low"
    assert chosen.reasons == [
        "Switching one disputed question to another answer the panel gave changes the recommendation: "
        "“Question big?”.",
        "A decisive dispute is still open: “Question big?”.",
    ]


def test_low_when_a_decisive_dispute_is_left_open(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    left = Decision(question_id="big", value=None, rationale="Later.")
    chosen = recommend(big_and_small_flow, answers, decisions=[left])
    assert chosen.confidence == "low"
    assert "A decisive dispute is still open: “Question big?”." in chosen.reasons


def test_deciding_the_decisive_dispute_lifts_it_out_of_low(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    decided = Decision(question_id="big", value=True, rationale="The CEO's call.")
    assert recommend(big_and_small_flow, answers, decisions=[decided]).confidence == "medium"


def test_low_when_reweighting_one_question_flips_it(balanced_flow: Flow) -> None:
    chosen = recommend(balanced_flow, split((5, {"for_lead": True, "for_head": True})))
    assert chosen.confidence == "low"
    assert chosen.reasons == [
        "Halving or raising the weights of one question changes the recommendation: "
        "“Question for_lead?”, “Question for_head?”."
    ]


def test_low_when_the_margin_is_under_five_points() -> None:
    chosen = recommend(both_gain_flow(1.02, 1.0), ALL_YES)
    assert chosen.confidence == "low"
    assert chosen.reasons == ["Product Lead leads Head of AI by 1 point, under the 5 needed."]


def test_a_margin_of_4_95_points_is_printed_as_such_under_the_5_needed() -> None:
    # shares l / (l + 1) - 1 / (l + 1) = 0.0495 when l = 1.0495 / 0.9505
    chosen = recommend(both_gain_flow(1.0495 / 0.9505, 1.0), ALL_YES)
    assert chosen.margin == pytest.approx(0.0495)
    assert chosen.reasons == ["Product Lead leads Head of AI by 4.95 points, under the 5 needed."]


def test_the_recommendation_carries_the_options_risks_and_its_signals(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": False}), (1, {"big": False, "small": False}))
    chosen = recommend(big_and_small_flow, answers)
    assert [r.text for r in chosen.risks] == ["Product Lead may stall."]
    [signal] = chosen.signals  # small points to the Head of AI, so only big backs the Product Lead
    assert (signal.question_id, signal.supporters, signal.answered) == ("big", 4, 5)
    assert signal.weight == pytest.approx((20 - 5) / 5)
