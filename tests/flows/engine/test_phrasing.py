"""The sentences every surface shares: a spread in the words people answered in, a signal's backing
and a dispute's settlement, with a facilitator's decision always worded as a decision."""

from __future__ import annotations

from typing import Any

from flows.engine.checkin_report import CheckInReport, CriterionResult
from flows.engine.model import Participation, QuestionResult, Signal
from flows.engine.phrasing import (
    backing,
    checkin_verdict,
    recommended,
    settlement,
    spread,
    tie_between,
    turnout,
)


def result(kind: str, distribution: dict[str, int], **extra: Any) -> QuestionResult:
    answered = sum(distribution.values())
    return QuestionResult(
        question_id="q",
        kind=kind,
        answered=answered,
        status="no_consensus",
        distribution=distribution,
        **extra,
    )


def test_a_scale_spread_reads_in_words_and_leaves_out_answers_nobody_gave() -> None:
    shown = spread(result("scale", {"1": 2, "2": 0, "3": 0, "4": 0, "5": 3}))
    assert shown == "Strongly disagree 2 · Strongly agree 3"


def test_yes_no_is_capitalised_and_choices_keep_their_labels() -> None:
    assert spread(result("yes_no", {"yes": 3, "no": 2})) == "Yes 3 · No 2"
    assert spread(result("single_choice", {"Choice 0": 4, "Choice 1": 0})) == "Choice 0 4"


def test_the_surface_escapes_what_people_wrote_and_only_that() -> None:
    shown = spread(result("single_choice", {"<!here>": 2}), lambda t: t.replace("<", "&lt;"))
    assert shown == "&lt;!here> 2"


def test_a_signal_counts_the_panels_own_answers() -> None:
    signal = Signal(question_id="q", text="Q?", quote="", supporters=3, answered=5, weight=1)
    assert backing(signal) == "3 of 5 answers point to it"
    assert backing(signal, brief=True) == "3 of 5 answers"


def test_a_decided_signal_names_the_decision_beside_the_panels_count() -> None:
    signal = Signal(question_id="q", text="Q?", quote="", supporters=2, answered=5, weight=1, decided="Yes")
    assert (
        backing(signal)
        == "the facilitator decided “Yes”; of the panel's own answers, 2 of 5 answers point to it"
    )
    assert backing(signal, brief=True) == "2 of 5 answers; facilitator decided"


def test_a_decision_is_shown_as_a_decision_beside_the_split() -> None:
    decided = result(
        "yes_no", {"yes": 2, "no": 3}, resolution="decided", decided="Yes", decision_rationale="Board asked"
    )
    assert (
        settlement(decided)
        == "the panel split Yes 2 · No 3; the facilitator decided “Yes”. Why: Board asked."
    )


def test_the_surfaces_latest_word_wins_over_the_engines_and_may_name_who() -> None:
    decided = result("yes_no", {"yes": 2, "no": 3}, resolution="decided", decided="Yes")
    worded = settlement(decided, answer="No", rationale="Changed our mind.", who="the facilitator (U1)")
    assert worded == "the panel split Yes 2 · No 3; the facilitator (U1) decided “No”. Why: Changed our mind."


def test_revised_left_open_and_open_each_say_so() -> None:
    counts = {"yes": 4, "no": 1}
    assert settlement(result("yes_no", counts, resolution="revised")) == (
        "settled in round 2, when people revised their answers: Yes 4 · No 1."
    )
    assert settlement(result("yes_no", counts, resolution="left_open"), rationale="Later") == (
        "the panel split Yes 4 · No 1; the facilitator left it open. Why: Later."
    )
    assert (
        settlement(result("yes_no", counts, resolution="open")) == "still open: the panel split Yes 4 · No 1."
    )


def test_several_picks_are_no_split_and_a_withheld_spread_says_why_it_is_empty() -> None:
    assert settlement(result("multi_choice", {"A": 3, "B": 2}, resolution="open")) == (
        "still open: the panel picked A 3 · B 2."
    )
    assert settlement(result("yes_no", {}, resolution="open")) == (
        "still open: the panel split (too few answered to show how without exposing them)."
    )


def test_a_checkin_verdict_counts_the_criteria_on_track_and_carries_no_markup() -> None:
    criteria = [CriterionResult(id="a", text="A", met=3), CriterionResult(id="b", text="B", not_yet=3)]
    report = CheckInReport(
        months=12,
        option_id="head",
        option_label="Head of AI",
        raters=3,
        invited=5,
        criteria=criteria,
        verdict="worth_revisiting",
    )
    assert checkin_verdict(report) == (
        "the original recommendation is worth revisiting: 1 of 2 rated criteria are met or partly met."
    )
    nobody = report.model_copy(update={"criteria": [], "verdict": "no_ratings", "raters": 0})
    assert checkin_verdict(nobody) == "nobody rated, so there is nothing to judge the recommendation by."


def test_a_tie_names_every_tied_option_and_none_as_the_answer() -> None:
    assert tie_between(["A", "B", "C"]) == "a tie between A, B and C"


def test_turnout_counts_the_panel_and_never_rounds_completeness_up_onto_a_threshold() -> None:
    taking_part = Participation(
        invited=6, answered=5, declined=1, completeness=0.7496, roles_missing=[], present=4, coverage=0.8
    )
    assert turnout(taking_part) == (
        "5 of 6 invited answered (4 with answers that weigh on the decision), 1 declined; "
        "74.9% of the required questions answered"
    )


def test_a_finished_workshop_reads_alike_in_every_list_of_workshops() -> None:
    assert recommended("*Head of AI*", "high") == "Recommended *Head of AI* (high confidence)"
    assert recommended(None, None) == "Finished with no recommendation"
