"""Plain words for answers, questions and numbers, shared by the reasons and the summary.
The text is unescaped; whoever renders it for Slack escapes it."""

from __future__ import annotations

from flows.engine.model import AnswerValue
from flows.schema import Question, QuestionKind


def short(text: str, limit: int = 80) -> str:
    """A question's text, quoted, cut at a word boundary when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def describe_answer(question: Question, value: AnswerValue) -> str:
    labels = {c.value: c.label for c in question.choices or []}
    match question.kind:
        case QuestionKind.YES_NO:
            return "yes" if value is True else "no"
        case QuestionKind.SCALE:
            return f"{value} of 5"
        case QuestionKind.SINGLE_CHOICE:
            return labels.get(str(value), str(value))
        case QuestionKind.MULTI_CHOICE:
            return ", ".join(labels.get(v, v) for v in value) if isinstance(value, list) else str(value)
        case QuestionKind.NUMBER:
            number = number_text(value) if isinstance(value, int | float) else str(value)
            return f"{number} {question.unit}" if question.unit else number
    return str(value)


def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def points(share: float) -> str:
    """A difference of shares, in percentage points."""
    value = round(share * 100, 1)
    return f"{number_text(value)} point{'' if value == 1 else 's'}"
