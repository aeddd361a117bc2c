"""The minimum group for anonymous results, and round 2 for round-1 respondents only."""

from __future__ import annotations

from flows.engine import analyse
from flows.engine.anonymity import WITHHELD, Withheld, shown_results, too_few
from flows.engine.model import Analysis
from flows.schema import Flow

from .builders import panel, split

MINIMUMS = {"min_answers": 3, "min_free_text": 4}


def shown(analysis: Analysis, anonymous: bool = True) -> Analysis | Withheld:
    return shown_results(analysis, anonymous=anonymous, **MINIMUMS)


def test_one_answer_of_three_is_withheld_with_nothing_of_it(every_kind_flow: Flow) -> None:
    """Found: one of three answered, and the channel read "1 of 1 backed this" and their free text."""
    answers = {"m0": {"platform": True, "maturity": 4, "concerns": "Only I would say this."}}
    analysis = analyse(every_kind_flow, panel(answers, silent=["m1", "m2"]))
    result = shown(analysis)
    assert isinstance(result, Withheld)
    assert result.sentence == WITHHELD and not any(ch.isdigit() for ch in result.sentence)


def test_a_named_workshop_is_shown_as_it_is(every_kind_flow: Flow) -> None:
    analysis = analyse(every_kind_flow, panel({"m0": {"platform": True, "concerns": "Mine."}}, silent=["m1"]))
    assert shown(analysis, anonymous=False) == analysis


def test_free_text_shows_only_when_enough_people_wrote_some(every_kind_flow: Flow) -> None:
    three = split((3, {"platform": True, "maturity": 4}))
    for number, member in enumerate(three):
        three[member]["concerns"] = f"worry {number}"
    few = shown(analyse(every_kind_flow, panel(three)))
    assert isinstance(few, Analysis)
    concerns = next(q for q in few.questions if q.question_id == "concerns")
    assert concerns.free_text == [] and concerns.answered == 3
    maturity = next(q for q in few.questions if q.question_id == "maturity")
    assert maturity.distribution, "a spread of three answers is shown"

    four = three | {"m3": {"platform": True, "maturity": 4, "concerns": "worry 3"}}
    enough = shown(analyse(every_kind_flow, panel(four)))
    assert isinstance(enough, Analysis)
    assert next(q for q in enough.questions if q.question_id == "concerns").free_text == [
        f"worry {n}" for n in range(4)
    ]


def test_a_question_only_one_or_two_answered_shows_no_spread(every_kind_flow: Flow) -> None:
    # Everyone answered something, but only two were shown `platform_age` (after a yes to `platform`).
    answers = split((2, {"platform": True, "platform_age": 7}), (2, {"platform": False}))
    result = shown(analyse(every_kind_flow, panel(answers)))
    assert isinstance(result, Analysis)
    age = next(q for q in result.questions if q.question_id == "platform_age")
    assert age.distribution == {} and age.answered == 2
    assert all(s.answered >= 3 or s.answered == 0 for s in result.recommendation.signals)


def test_reasons_show_only_when_enough_people_wrote_them(big_and_small_flow: Flow) -> None:
    answers = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    # Two people, one of them twice (once a round): two authors, three reasons.
    reasons = {("m0", "small"): "first", ("m3", "small"): "second"}
    analysis = analyse(big_and_small_flow, panel(answers, round2={"m0": {"small": True}}, rationales=reasons))
    small = next(q for q in analysis.questions if q.question_id == "small")
    assert small.rationale_authors == 2 and small.rationales
    result = shown(analysis)
    assert isinstance(result, Analysis)
    assert next(q for q in result.questions if q.question_id == "small").rationales == []


def test_too_few_counts_only_anonymous_and_nonempty_groups() -> None:
    assert too_few(1, anonymous=True, minimum=3) and too_few(2, anonymous=True, minimum=3)
    assert not too_few(3, anonymous=True, minimum=3)
    assert not too_few(0, anonymous=True, minimum=3)
    assert not too_few(1, anonymous=False, minimum=3)


def test_a_late_joiner_never_changes_the_spread_others_saw(big_and_small_flow: Flow) -> None:
    """Found: someone who skipped round 1 answered in round 2, and on every disputed question the
    final spread minus round 1's was exactly their answers."""
    round1 = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    before = analyse(big_and_small_flow, panel(round1, silent=["late"]))
    after = analyse(
        big_and_small_flow, panel(round1, silent=["late"], round2={"late": {"big": False, "small": False}})
    )
    for question in ("big", "small"):
        first = next(q for q in before.questions if q.question_id == question)
        final = next(q for q in after.questions if q.question_id == question)
        assert final.distribution == first.distribution, question
    assert after.participation.answered == before.participation.answered
    assert after.scores == before.scores


def test_a_round1_respondent_still_revises_what_they_answered(big_and_small_flow: Flow) -> None:
    round1 = split((3, {"big": True, "small": True}), (2, {"big": True, "small": False}))
    # m3 revises `small`, which they answered; a first answer by m4 to nothing new changes nothing.
    revised = analyse(big_and_small_flow, panel(round1, round2={"m3": {"small": True}}))
    small = next(q for q in revised.questions if q.question_id == "small")
    assert small.distribution == {"yes": 4, "no": 1}


def test_a_first_answer_in_round2_to_a_question_skipped_in_round1_does_not_count(
    big_and_small_flow: Flow,
) -> None:
    round1 = split((3, {"big": True, "small": True}), (2, {"big": True}))
    before = analyse(big_and_small_flow, panel(round1))
    after = analyse(big_and_small_flow, panel(round1, round2={"m3": {"small": False}}))
    small = [next(q for q in a.questions if q.question_id == "small") for a in (before, after)]
    assert small[0].distribution == small[1].distribution
