from __future__ import annotations

import pytest

from flows.engine import parse_answer, parse_answers
from flows.errors import InvalidAnswer
from flows.schema import DONT_KNOW, Flow

from .builders import make_flow, question, section


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(True, True), (False, False), ("yes", True), ("No", False), (" true ", True), ("false", False)],
)
def test_yes_no_accepts_bools_and_their_words(every_kind_flow: Flow, raw: object, expected: bool) -> None:
    assert parse_answer(every_kind_flow.question("platform"), raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 1, 0, None, ""])
def test_yes_no_refuses_anything_else(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(InvalidAnswer, match=r"^question 'platform': expected yes or no, got "):
        parse_answer(every_kind_flow.question("platform"), raw)


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), (5, 5), ("4", 4), (3.0, 3)])
def test_scale_accepts_a_whole_number_from_1_to_5(every_kind_flow: Flow, raw: object, expected: int) -> None:
    value = parse_answer(every_kind_flow.question("maturity"), raw)
    assert value == expected and type(value) is int


@pytest.mark.parametrize("raw", [0, 6, 2.5, True, "high", None])
def test_scale_refuses_bools_fractions_and_out_of_range(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(every_kind_flow.question("maturity"), raw)
    assert str(refused.value) == f"question 'maturity': expected a whole number from 1 to 5, got {raw!r}"


def test_single_choice_accepts_a_choice_value(every_kind_flow: Flow) -> None:
    assert parse_answer(every_kind_flow.question("focus"), "outcomes") == "outcomes"


@pytest.mark.parametrize("raw", ["Outcomes", "other", ["outcomes"], 1])
def test_single_choice_refuses_labels_and_unknown_values(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(InvalidAnswer, match="question 'focus': expected one of outcomes, capability, got"):
        parse_answer(every_kind_flow.question("focus"), raw)


def test_multi_choice_accepts_distinct_values_and_keeps_the_flows_order(every_kind_flow: Flow) -> None:
    gaps = every_kind_flow.question("gaps")
    assert parse_answer(gaps, ["governance", "strategy"]) == ["strategy", "governance"]
    assert parse_answer(gaps, ("engineering",)) == ["engineering"]


def test_multi_choice_accepts_an_empty_list_as_none_of_these(every_kind_flow: Flow) -> None:
    assert parse_answer(every_kind_flow.question("gaps"), []) == []


@pytest.mark.parametrize("raw", [["strategy", "strategy"], ["strategy", "money"], "strategy", [1], None])
def test_multi_choice_refuses_repeated_unknown_or_bare_values(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(
        InvalidAnswer,
        match=r"question 'gaps': expected a list of distinct values .*\(\[\] for none of these\)",
    ):
        parse_answer(every_kind_flow.question("gaps"), raw)


def test_an_empty_multi_choice_is_none_of_these(every_kind_flow: Flow) -> None:
    assert parse_answer(every_kind_flow.question("gaps"), []) == []


@pytest.mark.parametrize("question_id", ["platform", "maturity", "team_size", "gaps", "focus", "concerns"])
def test_a_question_that_offers_it_may_be_answered_dont_know(every_kind_flow: Flow, question_id: str) -> None:
    assert parse_answer(every_kind_flow.question(question_id), DONT_KNOW) == DONT_KNOW


@pytest.mark.parametrize("raw", ["Don't know", "dont know", "DON\u2019T KNOW", ["dont_know"]])
def test_dont_know_as_people_type_it(every_kind_flow: Flow, raw: object) -> None:
    assert parse_answer(every_kind_flow.question("focus"), raw) == DONT_KNOW


def test_free_text_that_says_dont_know_in_words_stays_text(every_kind_flow: Flow) -> None:
    assert parse_answer(every_kind_flow.question("concerns"), "don't know") == "don't know"


def test_free_text_is_stored_intact(every_kind_flow: Flow) -> None:
    text = "  <!channel> first line\nsecond & third  "
    assert parse_answer(every_kind_flow.question("concerns"), text) == text
    assert parse_answer(every_kind_flow.question("concerns"), "x" * 3000) == "x" * 3000


@pytest.mark.parametrize("raw", ["", "   ", "x" * 3001, 12, None])
def test_free_text_refuses_blank_overlong_or_non_text(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(
        InvalidAnswer, match="question 'concerns': expected some text of at most 3000 characters"
    ):
        parse_answer(every_kind_flow.question("concerns"), raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(1, 1), (100000, 100000), (12.5, 12.5), ("40", 40), ("2.5", 2.5)]
)
def test_number_accepts_numbers_within_min_and_max(
    every_kind_flow: Flow, raw: object, expected: float
) -> None:
    assert parse_answer(every_kind_flow.question("team_size"), raw) == expected


def test_number_refuses_words_with_the_range_in_the_message(every_kind_flow: Flow) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(every_kind_flow.question("team_size"), "lots")
    assert str(refused.value) == "question 'team_size': expected a number between 1 and 100000, got 'lots'"


@pytest.mark.parametrize("raw", [0, 100001, True, float("nan"), float("inf"), "1e400", None])
def test_number_refuses_out_of_range_bools_and_non_finite(every_kind_flow: Flow, raw: object) -> None:
    with pytest.raises(InvalidAnswer, match="question 'team_size': expected a number between 1 and 100000"):
        parse_answer(every_kind_flow.question("team_size"), raw)


def test_a_long_bad_value_is_cut_short_in_the_message(every_kind_flow: Flow) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(every_kind_flow.question("team_size"), "z" * 500)
    assert len(str(refused.value)) < 150


def test_parse_answers_checks_every_answer(every_kind_flow: Flow) -> None:
    parsed = parse_answers(every_kind_flow, {"platform": "yes", "maturity": "2", "gaps": ["strategy"]})
    assert parsed == {"platform": True, "maturity": 2, "gaps": ["strategy"]}


def test_parse_answers_names_unknown_questions_and_lists_the_known_ones(every_kind_flow: Flow) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answers(every_kind_flow, {"platform": True, "budget": 5, "colour": "red"})
    assert refused.value.problem == "flow 'tiny' has no question 'budget', 'colour'."
    assert refused.value.fix == (
        "Use one of its question ids: platform, maturity, platform_age, team_size, gaps, focus, concerns."
    )


def test_dont_know_is_no_evidence_even_where_the_form_does_not_offer_it() -> None:
    flow = make_flow(
        section(
            "facts",
            question("headcount", "number", min=1, dont_know=True),
            question("owner", "single_choice", dont_know=True, choices=_TWO_CHOICES),
            question("opinion", "scale", evidence={"agree": {"lead": 1}}),
        )
    )
    assert parse_answer(flow.question("headcount"), DONT_KNOW) == DONT_KNOW
    assert parse_answer(flow.question("owner"), DONT_KNOW) == DONT_KNOW
    assert parse_answer(flow.question("opinion"), DONT_KNOW) == DONT_KNOW


_TWO_CHOICES = [
    {"value": "cto", "label": "The CTO", "weights": {"head": 1}},
    {"value": "cpo", "label": "The CPO", "weights": {"lead": 1}},
]
