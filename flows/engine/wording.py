"""Plain words for answers, shared by the reasons and the summary (shares, margins and quoting are
in `flows.engine.text`). The text is unescaped; whoever renders it for Slack escapes it."""

from __future__ import annotations

from flows.engine.model import AnswerValue
from flows.kinds.number import number_text as number_text
from flows.kinds.registry import plugin_for
from flows.schema import DONT_KNOW, Question


def describe_answer(question: Question, value: AnswerValue) -> str:
    if value == DONT_KNOW:
        return "don't know"
    return plugin_for(question.kind).describe(question, value)


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as the form labels it: "Yes", "Disagree", a choice's label."""
    return plugin_for(question.kind).form_label(question, value, describe_answer(question, value))


def quoted_answer(question: Question, value: AnswerValue) -> str:
    """An answer inside a sentence: a choice's label in quotes, so it reads as the label it is."""
    return plugin_for(question.kind).in_sentence(question, value, describe_answer(question, value))
