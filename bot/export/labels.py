"""Answers in plain words, as the person picked them, for files read outside Slack (no escaping)."""

from __future__ import annotations

from flows.engine.model import AnswerValue
from flows.engine.wording import number_text
from flows.schema import DONT_KNOW, Question, QuestionKind

SCALE = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
DONT_KNOW_LABEL = "Don't know"


def value_label(question: Question, value: AnswerValue) -> str:
    if value == DONT_KNOW and question.kind is not QuestionKind.FREE_TEXT:
        return DONT_KNOW_LABEL
    choices = {c.value: c.label for c in question.choices or []}
    match question.kind:
        case QuestionKind.YES_NO if isinstance(value, bool):
            return "Yes" if value else "No"
        case QuestionKind.SCALE if isinstance(value, int) and value in SCALE:
            return f"{SCALE[value]} ({value})"
        case QuestionKind.SINGLE_CHOICE:
            return choices.get(str(value), str(value))
        case QuestionKind.MULTI_CHOICE if isinstance(value, list):
            return "; ".join(choices.get(v, v) for v in value) or "None of them"
        case QuestionKind.NUMBER if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{number_text(value)} {question.unit}" if question.unit else number_text(value)
    return str(value)
