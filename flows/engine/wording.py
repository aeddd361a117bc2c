"""Plain words for answers, questions and numbers, shared by the reasons and the summary.
The text is unescaped; whoever renders it for Slack escapes it."""

from __future__ import annotations

import math

from flows.engine.model import AnswerValue
from flows.kinds.number import number_text as number_text
from flows.kinds.registry import plugin_for
from flows.kinds.scale import WORDS
from flows.schema import DONT_KNOW, Question

SCALE_LABELS = WORDS  # the words of the five scale points, as the answer form shows them
DONT_KNOW_LABEL = "Don't know"
# In percent or points: a figure this close to a threshold has reached it (the rule allows for the
# same float noise), so it is not printed with noise decimals.
_NOISE = 1e-7


def short(text: str, limit: int = 80) -> str:
    """A question's text, quoted, cut at a word boundary when long. A statement's full stop is left
    out, so the sentence it stands in ends once."""
    text = " ".join(text.split()).removesuffix(".")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def as_sentence(text: str) -> str:
    """Free text on one line, ending once with its own mark or a full stop: a rationale quoted
    mid-sentence then never ends ".)." ."""
    one_line = " ".join(text.split())
    return one_line if one_line[-1:] in (".", "!", "?") else f"{one_line}."


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


def percent(share: float) -> str:
    """A share as a whole percentage, unless rounding up would land on a multiple of 5, where the
    thresholds sit (75%, 80%, 50%): then cut to one decimal, which keeps it under (74.6%, 89.9%)."""
    value = share * 100
    shown = round(value)
    if shown - value > _NOISE and shown % 5 == 0:
        return f"{_fixed(math.floor(value * 10) / 10, 1)}%"
    return f"{shown}%"


def points(share: float) -> str:
    """A difference of shares, in percentage points, to one decimal, unless rounding up would land on
    a multiple of 5 points, where the thresholds sit: 4.95 points never prints as 5."""
    value = share * 100
    shown = round(value, 1)
    text = _below(value, shown, 1) if shown - value > _NOISE and shown % 5 == 0 else _fixed(shown, 1)
    return f"{text} point{'' if text == '1' else 's'}"


def points_below(share: float, needed: float) -> str:
    """A difference of shares that fell short of `needed`, in points, with as many decimals as it
    takes to read below the threshold: 4.95 points never prints as 5."""
    value = _below(share * 100, needed * 100, digits=1)
    return f"{value} point{'' if value == '1' else 's'}"


def percent_below(share: float, needed: float) -> str:
    """A share that fell short of `needed`, as a percentage that reads below it: 74.6%, not 75%."""
    return f"{_below(share * 100, needed * 100, digits=0)}%"


def _below(value: float, limit: float, digits: int) -> str:
    # Rounding to the nearest figure could reach the limit (4.95 -> 5.0): take more decimals until
    # it does not; past the float noise, cut towards zero instead.
    if value >= limit:
        return _fixed(round(value, digits), digits)
    for places in range(digits, 7):
        if round(value, places) < limit:
            return _fixed(round(value, places), places)
    return _fixed(math.floor(value * 10**6) / 10**6, 6)


def _fixed(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
