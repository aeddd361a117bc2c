from __future__ import annotations

from typing import Any

import pytest

from flows.engine import is_visible, next_section_index, sections_for, visible_questions
from flows.engine.visibility import visible_answers
from flows.schema import Flow, Question

from .builders import make_flow, question, section, yes_no


def gated(condition: dict[str, Any]) -> Question:
    return Question.model_validate(question("gated", "free_text", show_when=condition))


@pytest.fixture
def branching_flow() -> Flow:
    """`size` shows after a yes to `platform`; `big_team` after a size of at least 50; the `later`
    section only holds `big_team`."""
    return make_flow(
        section(
            "first",
            yes_no("platform"),
            question("size", "number", show_when={"question": "platform", "equals": True}),
        ),
        section("later", yes_no("big_team", show_when={"question": "size", "at_least": 50})),
        section("last", question("notes", "free_text")),
    )


def test_a_question_without_a_rule_is_always_visible() -> None:
    assert is_visible(Question.model_validate(question("plain", "free_text")), {})


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"question": "a", "equals": True}, {"a": True}, True),
        ({"question": "a", "equals": True}, {"a": False}, False),
        ({"question": "a", "equals": 1}, {"a": True}, False),  # a yes is not the number 1
        ({"question": "a", "equals": True}, {"a": 1}, False),
        ({"question": "a", "equals": "x"}, {"a": "x"}, True),
        ({"question": "a", "one_of": ["x", "y"]}, {"a": "y"}, True),
        ({"question": "a", "one_of": ["x", "y"]}, {"a": "z"}, False),
        ({"question": "a", "includes": "x"}, {"a": ["w", "x"]}, True),
        ({"question": "a", "includes": "x"}, {"a": ["w"]}, False),
        ({"question": "a", "includes": "x"}, {"a": "x"}, False),  # only a list can include
        ({"question": "a", "at_least": 50}, {"a": 50}, True),
        ({"question": "a", "at_least": 50}, {"a": 49.5}, False),
        ({"question": "a", "at_most": 3}, {"a": 3}, True),
        ({"question": "a", "at_most": 3}, {"a": 4}, False),
        ({"question": "a", "at_least": 0}, {"a": True}, False),  # a yes is not a number
        ({"question": "a", "answered": True}, {"a": "x"}, True),
        ({"question": "a", "answered": True}, {}, False),
        ({"question": "a", "answered": False}, {}, True),
        ({"question": "a", "answered": False}, {"a": "x"}, False),
    ],
)
def test_rule(condition: dict[str, Any], answers: dict[str, Any], expected: bool) -> None:
    assert is_visible(gated(condition), answers) is expected


@pytest.mark.parametrize(
    "condition",
    [
        {"question": "a", "equals": True},
        {"question": "a", "one_of": [1, 2]},
        {"question": "a", "includes": "x"},
        {"question": "a", "at_least": 0},
        {"question": "a", "at_most": 100},
    ],
)
def test_a_rule_on_an_unanswered_question_is_false(condition: dict[str, Any]) -> None:
    assert not is_visible(gated(condition), {})


def test_not_of_a_rule_on_an_unanswered_question_is_true() -> None:
    assert is_visible(gated({"not": {"question": "a", "equals": True}}), {})


def test_all_and_any() -> None:
    both = gated({"all": [{"question": "a", "equals": True}, {"question": "b", "at_least": 2}]})
    either = gated({"any": [{"question": "a", "equals": True}, {"question": "b", "at_least": 2}]})
    assert is_visible(both, {"a": True, "b": 2})
    assert not is_visible(both, {"a": True, "b": 1})
    assert is_visible(either, {"a": False, "b": 2})
    assert not is_visible(either, {"a": False})


def test_visible_questions_follow_the_answers(branching_flow: Flow) -> None:
    ids = lambda answers: [q.id for q in visible_questions(branching_flow, answers)]  # noqa: E731
    assert ids({}) == ["platform", "notes"]
    assert ids({"platform": True}) == ["platform", "size", "notes"]
    assert ids({"platform": True, "size": 80}) == ["platform", "size", "big_team", "notes"]


def test_a_stale_answer_on_an_abandoned_path_opens_nothing(branching_flow: Flow) -> None:
    # `size` was answered, then `platform` changed to no: `size` hides, and so must `big_team`.
    ids = [q.id for q in visible_questions(branching_flow, {"platform": False, "size": 80})]
    assert ids == ["platform", "notes"]


def test_visible_answers_drop_the_stale_ones(branching_flow: Flow) -> None:
    answers = {"platform": False, "size": 80, "big_team": True, "notes": "x"}
    assert visible_answers(branching_flow, answers) == {"platform": False, "notes": "x"}


def test_sections_for_keeps_only_visible_questions_and_drops_empty_sections(branching_flow: Flow) -> None:
    sections = sections_for(branching_flow, {"platform": False})
    assert [s.id for s in sections] == ["first", "last"]
    assert [q.id for q in sections[0].questions] == ["platform"]


def test_next_section_skips_sections_whose_questions_are_all_hidden(branching_flow: Flow) -> None:
    assert next_section_index(branching_flow, {}, -1) == 0
    assert next_section_index(branching_flow, {"platform": False}, 0) == 2
    assert next_section_index(branching_flow, {"platform": True, "size": 80}, 0) == 1
    assert next_section_index(branching_flow, {"platform": True, "size": 80}, 1) == 2


def test_next_section_is_none_at_the_end(branching_flow: Flow) -> None:
    assert next_section_index(branching_flow, {}, 2) is None


def test_next_section_refuses_an_index_outside_the_flow(branching_flow: Flow) -> None:
    with pytest.raises(ValueError, match=r"section index 3 is outside 0\.\.2"):
        next_section_index(branching_flow, {}, 3)
