"""No evidence, no recommendation; a tie is a tie. Scenarios, each on a small flow of its own."""

from __future__ import annotations

from flows.engine import analyse
from flows.engine.model import Analysis
from flows.schema import DONT_KNOW, Flow

from .builders import make_flow, panel, question, section, split, yes_no

CFO_FLOW = make_flow(
    section("only", yes_no("ready"), question("notes", "free_text", required=False)), roles=["cfo"]
)


def test_nobody_answered_gives_no_recommendation(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel({}, silent=["m0", "m1", "m2"]))
    chosen = analysis.recommendation
    assert (chosen.option_id, chosen.label, chosen.confidence) == (None, None, None)
    assert chosen.missing == [
        "No one has answered a question that weighs on the decision; the flow needs at least 3."
    ]
    assert analysis.sensitivity == [] and chosen.signals == [] and chosen.risks == []


def test_everyone_declined_gives_no_recommendation(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel({}, declined=["m0", "m1", "m2", "m3"]))
    assert analysis.recommendation.option_id is None
    assert analysis.recommendation.missing == ["All 4 invited members declined."]
    assert analysis.participation.declined == 4


def test_fewer_present_than_the_quorum_gives_no_recommendation(one_question_flow: Flow) -> None:
    chosen = analyse(one_question_flow, panel(split((2, {"ready": True})))).recommendation
    assert chosen.option_id is None
    assert chosen.missing == [
        "Only 2 members answered a question that weighs on the decision; the flow needs at least 3.",
        "No question that weighs on the decision has the 3 answers it needs to be judged yet.",
    ]
    assert chosen.blocked_by == chosen.missing[:1]


def test_a_required_role_present_only_through_free_text_is_absent() -> None:
    answers = split((5, {"ready": True})) | {"cfo": {"notes": "tbd"}}
    analysis = analyse(CFO_FLOW, panel(answers, roles={"cfo": "cfo"}))
    assert analysis.participation.answered == 6 and analysis.participation.present == 5
    assert analysis.participation.roles_missing == ["cfo"]
    assert analysis.recommendation.option_id is None
    assert analysis.recommendation.missing == [
        "No one in the required role CFO / finance has answered a question that weighs on the decision."
    ]


def test_a_required_role_who_only_says_dont_know_is_absent() -> None:
    answers = split((5, {"ready": True})) | {"cfo": {"ready": DONT_KNOW}}
    analysis = analyse(CFO_FLOW, panel(answers, roles={"cfo": "cfo"}))
    assert analysis.recommendation.option_id is None
    assert analysis.participation.roles_missing == ["cfo"]


def test_a_required_role_with_one_real_answer_is_present() -> None:
    answers = split((5, {"ready": True})) | {"cfo": {"ready": True, "notes": "fine"}}
    chosen = analyse(CFO_FLOW, panel(answers, roles={"cfo": "cfo"})).recommendation
    assert (chosen.option_id, chosen.confidence) == ("lead", "high")


def test_no_question_with_enough_answers_gives_no_recommendation() -> None:
    flow = make_flow(section("three", yes_no("q1"), yes_no("q2"), yes_no("q3")))
    answers = {"m0": {"q1": True}, "m1": {"q2": True}, "m2": {"q3": True, "q1": DONT_KNOW}}
    chosen = analyse(flow, panel(answers)).recommendation
    assert chosen.option_id is None
    assert chosen.missing == [
        "No question that weighs on the decision has the 3 answers it needs to be judged yet."
    ]


def test_a_fifty_fifty_split_is_a_tie_with_what_would_break_it(one_question_flow: Flow) -> None:
    chosen = analyse(
        one_question_flow, panel(split((3, {"ready": True}), (3, {"ready": False})))
    ).recommendation
    assert (chosen.option_id, chosen.confidence, chosen.tied) == (None, None, ["lead", "head"])
    assert chosen.missing == ["Product Lead and Head of AI are tied at 50% each."]
    assert chosen.tie_breakers == [
        "Everyone who answered “Question ready?” answers no, as 3 of 6 did: Head of AI would lead.",
        "Everyone who answered “Question ready?” answers yes, as 3 of 6 did: Product Lead would lead.",
        "The facilitator deciding a disputed question, or members still to answer doing so, would "
        "break the tie.",
    ]


def test_a_tie_does_not_depend_on_the_order_the_flow_lists_its_options(one_question_flow: Flow) -> None:
    answers = split((3, {"ready": True}), (3, {"ready": False}))
    listed = one_question_flow.model_dump(by_alias=True)
    reversed_flow = Flow.model_validate(listed | {"options": listed["options"][::-1]})
    first = analyse(one_question_flow, panel(answers)).recommendation
    second = analyse(reversed_flow, panel(answers)).recommendation
    assert first.option_id is None and second.option_id is None
    assert set(first.tied) == set(second.tied) == {"lead", "head"}


def test_two_of_three_options_tied_at_the_top_name_only_those_two() -> None:
    flow = make_flow(
        section(
            "one",
            question(
                "pick",
                "single_choice",
                choices=[
                    {"value": "l", "label": "L", "weights": {"lead": 2}},
                    {"value": "h", "label": "H", "weights": {"head": 2}},
                    {"value": "b", "label": "B", "weights": {"both": 1}},
                ],
            ),
        ),
        both=True,
    )
    answers = split((2, {"pick": "l"}), (2, {"pick": "h"}), (1, {"pick": "b"}))
    chosen = analyse(flow, panel(answers)).recommendation
    assert chosen.tied == ["lead", "head"]
    assert chosen.missing == ["Product Lead and Head of AI are tied at 44% each."]


def test_a_three_person_panel_in_full_agreement_gets_medium_at_most(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((3, {"ready": True}))))
    assert (analysis.recommendation.option_id, analysis.recommendation.confidence) == ("lead", "medium")
    assert _robust(analysis)


def _robust(analysis: Analysis) -> bool:
    return not any(c.flipped for c in analysis.sensitivity)
