"""Checking an answer against its question, and turning what a person typed into the stored value.

Slack inputs and the command line both hand over strings, so yes/no, scale and number answers
also accept their spelled-out forms ("yes", "4", "12.5"). Everything else must already be the
right type. Every refusal names the question and what it accepts.

Any question may be answered `DONT_KNOW` ("don't know"): it counts towards participation and is
left out of scores and agreement. A multiple-choice answer may be the empty list, "none of these":
a real answer, in which every choice counts as not picked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from flows.engine.model import AnswerValue
from flows.errors import InvalidAnswer
from flows.schema import DONT_KNOW, Flow, Question, QuestionKind

MAX_FREE_TEXT = 3000
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}
_DONT_KNOW_WORDS = {DONT_KNOW, "don't know", "dont know", "do not know"}


def is_dont_know(value: object) -> bool:
    return value == DONT_KNOW


def parse_answer(question: Question, raw: object) -> AnswerValue:
    # Accepted on any question, not only where the Slack form offers it: it is no evidence either
    # way, so an answers file that says it loses nothing and claims nothing.
    if raw == DONT_KNOW or (question.kind is not QuestionKind.FREE_TEXT and _means_dont_know(raw)):
        return DONT_KNOW
    match question.kind:
        case QuestionKind.YES_NO:
            return _yes_no(question, raw)
        case QuestionKind.SCALE:
            return _scale(question, raw)
        case QuestionKind.SINGLE_CHOICE:
            return _single_choice(question, raw)
        case QuestionKind.MULTI_CHOICE:
            return _multi_choice(question, raw)
        case QuestionKind.FREE_TEXT:
            return _free_text(question, raw)
        case QuestionKind.NUMBER:
            return _number(question, raw)
    raise TypeError(f"unknown question kind {question.kind!r}")  # pragma: no cover


def parse_answers(flow: Flow, raw: Mapping[str, object]) -> dict[str, AnswerValue]:
    """Every answer checked; unknown question ids are refused before any value is looked at."""
    known = {q.id: q for q in flow.questions}
    unknown = [question_id for question_id in raw if question_id not in known]
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        raise InvalidAnswer(
            f"flow '{flow.id}' has no question {names}.",
            f"Use one of its question ids: {', '.join(known)}.",
        )
    return {question_id: parse_answer(known[question_id], value) for question_id, value in raw.items()}


def _means_dont_know(raw: object) -> bool:
    if isinstance(raw, list | tuple) and len(raw) == 1:  # a checkbox list holding only "don't know"
        raw = raw[0]
    return isinstance(raw, str) and raw.strip().lower().replace("\u2019", "'") in _DONT_KNOW_WORDS


def _refuse(question: Question, expected: str, raw: object) -> InvalidAnswer:
    return InvalidAnswer(f"question '{question.id}': expected {expected}, got {_shown(raw)}")


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _yes_no(question: Question, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
        return raw.strip().lower() in _YES
    raise _refuse(question, "yes or no", raw)


def _scale(question: Question, raw: object) -> int:
    value = _as_number(raw)
    if value is None or value != int(value) or not 1 <= value <= 5:
        raise _refuse(question, "a whole number from 1 to 5", raw)
    return int(value)


def _single_choice(question: Question, raw: object) -> str:
    values = [c.value for c in question.choices or []]
    if not isinstance(raw, str) or raw not in values:
        raise _refuse(question, f"one of {', '.join(values)}", raw)
    return raw


def _multi_choice(question: Question, raw: object) -> list[str]:
    values = [c.value for c in question.choices or []]
    # An empty list is an answer: "none of these".
    expected = f"a list of distinct values from {', '.join(values)} ([] for none of these)"
    if not isinstance(raw, list | tuple):
        raise _refuse(question, expected, raw)
    if any(not isinstance(v, str) or v not in values for v in raw) or len(set(raw)) != len(raw):
        raise _refuse(question, expected, raw)
    chosen = set(raw)
    return [v for v in values if v in chosen]  # the flow's order, so equal selections compare equal


def _free_text(question: Question, raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_FREE_TEXT:
        raise _refuse(question, f"some text of at most {MAX_FREE_TEXT} characters", raw)
    return raw


def _number(question: Question, raw: object) -> int | float:
    value = _as_number(raw)
    low, high = question.min, question.max
    if value is None or (low is not None and value < low) or (high is not None and value > high):
        raise _refuse(question, _number_range(low, high), raw)
    return value


def _number_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"a number between {_plain(low)} and {_plain(high)}"
    if low is not None:
        return f"a number of at least {_plain(low)}"
    if high is not None:
        return f"a number of at most {_plain(high)}"
    return "a number"


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _as_number(raw: object) -> int | float | None:
    """An int or a finite float, from a number or a numeric string; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        text = raw.strip()
        try:
            raw = int(text)
        except ValueError:
            try:
                raw = float(text)
            except ValueError:
                return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return raw
    return None
