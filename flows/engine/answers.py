"""Checking an answer against its question, and turning what a person typed into the stored value.

Slack inputs and the command line both hand over strings, so yes/no, scale and number answers
also accept their spelled-out forms ("yes", "4", "12.5"). Everything else must already be the
right type. Every refusal names the question and what it accepts.

Any question may be answered `DONT_KNOW` ("don't know"): it counts towards participation and is
left out of scores and agreement. A multiple-choice answer may be the empty list, "none of these":
a real answer, in which every choice counts as not picked.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.model import AnswerValue
from flows.errors import InvalidAnswer
from flows.kinds.registry import plugin_for
from flows.schema import DONT_KNOW, Flow, Question

_DONT_KNOW_WORDS = {DONT_KNOW, "don't know", "dont know", "do not know"}


def is_dont_know(value: object) -> bool:
    return value == DONT_KNOW


def parse_answer(question: Question, raw: object) -> AnswerValue:
    plugin = plugin_for(question.kind)
    # Accepted on any question, not only where the Slack form offers it: it is no evidence either
    # way, so an answers file that says it loses nothing and claims nothing. In a person's own
    # words, "don't know" spelled out is just what they wrote.
    if raw == DONT_KNOW or (not plugin.own_words and _means_dont_know(raw)):
        return DONT_KNOW
    return plugin.parse(question, raw)


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
