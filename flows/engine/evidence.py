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
from flows.schema import Flow, OptionWeights, Question, QuestionKind

Vector = tuple[float, ...]


def vector(weights: OptionWeights, option_ids: Sequence[str]) -> Vector:
    return tuple(float(weights.get(option_id, 0.0)) for option_id in option_ids)


def zero(option_ids: Sequence[str]) -> Vector:
    return (0.0,) * len(option_ids)


def add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def scaled(a: Vector, factor: float) -> Vector:
    return tuple(x * factor for x in a)


def evidence(flow: Flow, question: Question, value: AnswerValue) -> Vector:
    return evidence_for(question, value, flow.option_ids)


def evidence_for(question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
    match question.kind:
        case QuestionKind.YES_NO | QuestionKind.SCALE:
            return _agree_disagree(question, value, option_ids)
        case QuestionKind.SINGLE_CHOICE:
            return vector(_choice_weights(question, str(value)), option_ids)
        case QuestionKind.MULTI_CHOICE:
            chosen = set(value) if isinstance(value, list) else set()
            total = zero(option_ids)
            for choice in question.choices or []:
                if choice.value in chosen:
                    total = add(total, vector(choice.weights, option_ids))
            return total
        case QuestionKind.NUMBER:
            band = band_index(question, value)
            bands = question.bands or []
            return zero(option_ids) if band is None else vector(bands[band].weights, option_ids)
    return zero(option_ids)


def evidence_key(question: Question, value: AnswerValue) -> Hashable:
    """Answers with the same key give the same evidence (numbers in one band share a key)."""
    if question.kind is QuestionKind.NUMBER:
        return band_index(question, value)
    return tuple(value) if isinstance(value, list) else value


def band_index(question: Question, value: AnswerValue) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    for index, band in enumerate(question.bands or []):
        if band.contains(value):
            return index
    return None


def most_favouring(
    question: Question, favoured: int, against: int, option_ids: Sequence[str]
) -> Vector | None:
    """The evidence of the answer that most favours option `favoured` over option `against` (by
    index), or None when no answer gives evidence. Ties go to the answer listed first."""
    if question.kind is QuestionKind.MULTI_CHOICE:
        vectors = [vector(c.weights, option_ids) for c in question.choices or []]
        gains = [v[favoured] - v[against] for v in vectors]
        helpful = [v for v, gain in zip(vectors, gains, strict=True) if gain > 0]
        total = zero(option_ids)  # picking nothing ("none of these") is an answer too
        for v in helpful:
            total = add(total, v)
        return total
    best: Vector | None = None
    for v in _possible_vectors(question, option_ids):
        if best is None or v[favoured] - v[against] > best[favoured] - best[against]:
            best = v
    return best


def _possible_vectors(question: Question, option_ids: Sequence[str]) -> list[Vector]:
    """Every evidence vector one answer to a single-valued question can give."""
    match question.kind:
        case QuestionKind.YES_NO:
            values: list[AnswerValue] = [True, False]
        case QuestionKind.SCALE:
            values = [1, 5]  # the vector is linear in the level, so an end is always best
        case QuestionKind.SINGLE_CHOICE:
            values = [c.value for c in question.choices or []]
        case QuestionKind.NUMBER:
            return [vector(band.weights, option_ids) for band in question.bands or []]
        case _:
            return []
    return [evidence_for(question, value, option_ids) for value in values]


def _agree_disagree(question: Question, value: AnswerValue, option_ids: Sequence[str]) -> Vector:
    if question.evidence is None:
        return zero(option_ids)
    agree = vector(question.evidence.agree, option_ids)
    disagree = vector(question.evidence.disagree, option_ids)
    if question.kind is QuestionKind.YES_NO:
        return agree if value is True else disagree
    level = float(value) if isinstance(value, int | float) else 1.0
    t = (level - 1) / 4
    return tuple(a * t + d * (1 - t) for a, d in zip(agree, disagree, strict=True))


def _choice_weights(question: Question, value: str) -> OptionWeights:
    for choice in question.choices or []:
        if choice.value == value:
            return choice.weights
    return {}
