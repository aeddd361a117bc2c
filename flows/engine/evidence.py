"""The evidence one answer gives each option, as a vector in the flow's option order.

yes/no: yes gives `evidence.agree`, no gives `evidence.disagree`. Scale v: with t = (v - 1) / 4,
`agree * t + disagree * (1 - t)`. Single choice: the chosen choice's weights. Multiple choice: the
sum of the chosen choices' weights. Number: the weights of the band holding the value (none when no
band holds it). Free text: none. Every rule is linear in the weights, which is what lets the
sensitivity analysis halve a question's weights by halving its totals.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from flows.engine.model import AnswerValue
from flows.kinds.registry import plugin_for
from flows.kinds.vectors import Vector as Vector
from flows.kinds.vectors import add as add
from flows.kinds.vectors import scaled as scaled
from flows.kinds.vectors import vector as vector
from flows.kinds.vectors import zero as zero
from flows.schema import Flow, Question


def evidence(flow: Flow, question: Question, value: AnswerValue) -> Vector:
    return evidence_for(question, value, flow.option_ids)


def evidence_for(question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
    return plugin_for(question.kind).evidence(question, value, option_ids)


def evidence_key(question: Question, value: AnswerValue) -> Hashable:
    """Answers with the same key give the same evidence (numbers in one band share a key)."""
    return plugin_for(question.kind).evidence_key(question, value)


def most_favouring(
    question: Question, favoured: int, against: int, option_ids: Sequence[str]
) -> Vector | None:
    """The evidence of the answer that most favours option `favoured` over option `against` (by
    index), or None when no answer gives evidence. Ties go to the answer listed first."""
    return plugin_for(question.kind).most_favouring(question, favoured, against, option_ids)
