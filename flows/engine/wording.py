"""Plain words for answers, shared by the reasons and the summary (shares, margins and quoting are
in `flows.engine.text`). The text is unescaped; whoever renders it for Slack escapes it."""

from __future__ import annotations

from flows.engine.model import AnswerValue
from flows.schema import DONT_KNOW, Question, QuestionKind

# The words of the five scale points, as the answer form shows them.
SCALE_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
DONT_KNOW_LABEL = "Don't know"


def describe_answer(question: Question, value: AnswerValue) -> str:
    labels = {c.value: c.label for c in question.choices or []}
    if value == DONT_KNOW:
        return "don't know"
    match question.kind:
        case QuestionKind.YES_NO:
            return "yes" if value is True else "no"
        case QuestionKind.SCALE:
            level = int(value) if isinstance(value, int | float) else 0
            return f"{value} of 5 ({SCALE_LABELS[level].lower()})" if level in SCALE_LABELS else str(value)
        case QuestionKind.MULTI_CHOICE if value == []:
            return "none of these"
        case QuestionKind.SINGLE_CHOICE:
            return labels.get(str(value), str(value))
        case QuestionKind.MULTI_CHOICE:
            return ", ".join(labels.get(v, v) for v in value) if isinstance(value, list) else str(value)
        case QuestionKind.NUMBER:
            number = number_text(value) if isinstance(value, int | float) else str(value)
            return f"{number} {question.unit}" if question.unit else number
    return str(value)


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as the form labels it: "Yes", "Disagree", a choice's label."""
    if question.kind is QuestionKind.SCALE and isinstance(value, int | float) and int(value) in SCALE_LABELS:
        return SCALE_LABELS[int(value)]
    text = describe_answer(question, value)
    return text[:1].upper() + text[1:] if question.kind is QuestionKind.YES_NO else text


def quoted_answer(question: Question, value: AnswerValue) -> str:
    """An answer inside a sentence: a choice's label in quotes, so it reads as the label it is."""
    text = describe_answer(question, value)
    is_choice = question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTI_CHOICE)
    return f"“{text}”" if is_choice and value != [] and value != DONT_KNOW else text


def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
