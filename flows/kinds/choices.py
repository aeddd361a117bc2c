"""What the kinds built on a flow's own choices share: looking up a choice's label and weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.schema import OptionWeights, Question

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue


def labels(question: Question) -> dict[str, str]:
    return {c.value: c.label for c in question.choices or []}


def choice_label(question: Question, value: AnswerValue) -> str:
    """The label on the option that offers `value` (StopIteration when no choice offers it)."""
    return next(c.label for c in question.choices or [] if c.value == value)


def choice_weights(question: Question, value: str) -> OptionWeights:
    for choice in question.choices or []:
        if choice.value == value:
            return choice.weights
    return {}


def shown_labels(question: Question, value: AnswerValue) -> str:
    """An answer as its choices' labels; values no choice has are shown as given."""
    by_value = labels(question)
    values = value if isinstance(value, list) else [value]
    return ", ".join(by_value.get(str(v), str(v)) for v in values) or "nothing"
