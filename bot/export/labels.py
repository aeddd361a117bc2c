"""Answers in plain words, as the person picked them, for files read outside Slack (no escaping)."""

from __future__ import annotations

from flows.engine.model import AnswerValue
from flows.kinds.form import DONT_KNOW_LABEL
from flows.kinds.registry import plugin_for
from flows.schema import DONT_KNOW, Question


def value_label(question: Question, value: AnswerValue) -> str:
    plugin = plugin_for(question.kind)
    if value == DONT_KNOW and not plugin.own_words:
        return DONT_KNOW_LABEL
    return plugin.export_label(question, value)
