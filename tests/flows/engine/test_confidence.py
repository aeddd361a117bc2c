"""Panels that land in each confidence, one reason at a time where the rule allows it."""

from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.model import Decision, Recommendation
from flows.schema import Flow

from .builders import make_flow, panel, question, section, split, yes_no

ALL_YES = split((5, {"ready": True}))


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
        "5 of 5 invited members answered, covering 100% of the required questions, "
        "with every required role present.",
        "The panel agreed on 100% of the questions it judged.",
        "Product Lead leads Head of AI by 100 points.",
        "No what-if (minority views, missing answers, reweighted questions) changes the recommendation.",
    ]


# --- medium: one condition for high missing -------------------------------------------------------


def test_medium_when_too_few_of_the_invited_answered(one_question_flow: Flow) -> None:
    chosen = recommend(one_question_flow, ALL_YES, declined=["d1", "d2"])
    assert chosen.confidence == "medium"
    assert "5 of 7 invited members answered (71%); high confidence needs 80%." in chosen.reasons


def test_medium_when_too_few_required_questions_were_answered(big_and_small_flow: Flow) -> None:
    chosen = recommend(big_and_small_flow, split((5, {"big": True})))
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "The panel answered 50% of the required questions it saw; high confidence needs 80%."
    ]


def test_medium_when_agreement_is_low_and_a_dispute_is_open(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    chosen = recommend(big_and_small_flow, answers)
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "The panel agreed on 50% of the questions it judged; high confidence needs 75%.",
        "A dispute is still open: “Question small?”.",
    ]


def test_medium_when_the_margin_is_under_fifteen_points() -> None:
    chosen = recommend(both_gain_flow(1.2, 1.0), ALL_YES)  # shares 0.545 and 0.455
    assert chosen.confidence == "medium"
    assert chosen.reasons == ["Product Lead leads Head of AI by only 9.1 points (at least 15 points needed)."]


def test_medium_when_filling_missing_answers_flips_it() -> None:
    # `costly` is optional: four said no (no evidence), one skipped it. Had they said yes, 10 for
    # the Head of AI over five members (2) would outweigh the Product Lead's 1.
    flow = make_flow(
        section(
            "one",
            yes_no("ready", 1, 1),
            question("costly", "yes_no", required=False, evidence={"agree": {"head": 10}}),
        )
    )
    answers = split((4, {"ready": True, "costly": False}), (1, {"ready": True}))
    chosen = recommend(flow, answers)
    assert chosen.confidence == "medium"
    assert chosen.reasons == [
        "Filling the missing answers in the runner-up's favour changes the recommendation."
    ]


def test_medium_when_only_all_disputes_together_flip_it() -> None:
    flow = make_flow(section("three", yes_no("q1", 1, 1), yes_no("q2", 1, 1), yes_no("q3", 1, 0)))
    answers = split((3, {"q1": True, "q2": True, "q3": True}), (2, {"q1": False, "q2": False, "q3": True}))
    chosen = recommend(flow, answers)
    assert chosen.confidence == "medium"
    assert (
        "Switching every disputed question to its minority view changes the recommendation." in chosen.reasons
    )


def test_medium_when_the_facilitator_decided(one_question_flow: Flow) -> None:
    decided = Decision(question_id="ready", value=True, rationale="Confirmed.")
    chosen = recommend(one_question_flow, ALL_YES, decisions=[decided])
    assert chosen.confidence == "medium"
    assert chosen.reasons == ["The facilitator settled a question the panel did not: “Question ready?”."]


# --- low: any one condition is enough -------------------------------------------------------------


def test_low_when_one_disputed_question_flips_it(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))
    chosen = recommend(big_and_small_flow, answers)
    assert chosen.confidence == "low"
    assert chosen.reasons == [
        "Switching one disputed question to its minority view changes the recommendation: “Question big?”.",
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
    assert chosen.reasons == ["Product Lead leads Head of AI by only 1 point (at least 5 points needed)."]


def test_low_when_the_options_are_tied() -> None:
    chosen = recommend(both_gain_flow(1.0, 1.0), ALL_YES)
    assert (chosen.confidence, chosen.margin) == ("low", 0.0)
    assert chosen.reasons == [
        "Product Lead and Head of AI are tied; Product Lead is listed first in the flow."
    ]


@pytest.mark.parametrize(
    ("cfo", "declined", "expected"), [(None, (), "low"), ("m4", ("m4",), "low"), ("m4", (), "high")]
)
def test_a_required_role_must_answer(cfo: str | None, declined: tuple[str, ...], expected: str) -> None:
    flow = make_flow(section("only", yes_no("ready")), roles=["cfo"])
    answers = ALL_YES if not declined else split((4, {"ready": True}))
    chosen = recommend(flow, answers, roles={cfo: "cfo"} if cfo else {}, declined=declined)
    assert chosen.confidence == expected
    if expected == "low":
        assert chosen.blocked_by == ["No one in the required role CFO / finance has answered."]
        assert chosen.blocked_by[0] in chosen.reasons


def test_low_when_the_quorum_is_not_met(one_question_flow: Flow) -> None:
    chosen = recommend(one_question_flow, split((2, {"ready": True})))
    assert chosen.confidence == "low"
    assert chosen.blocked_by == ["Only 2 members answered; the flow needs at least 3."]


def test_the_recommendation_carries_the_options_risks_and_its_signals(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": False}), (1, {"big": False, "small": False}))
    chosen = recommend(big_and_small_flow, answers)
    assert [r.text for r in chosen.risks] == ["Product Lead may stall."]
    [signal] = chosen.signals  # small points to the Head of AI, so only big backs the Product Lead
    assert (signal.question_id, signal.supporters, signal.answered) == ("big", 4, 5)
    assert signal.weight == pytest.approx((20 - 5) / 5)
