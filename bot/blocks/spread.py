"""A question's spread of answers, labelled as the people answered it: "Strongly disagree 2 ·
Strongly agree 3", never the engine's bare keys ("1 2 · 5 3"). Shared by the channel post, its
thread, the round-2 form, the facilitator's form and the chart, so every surface reads alike."""

from __future__ import annotations

from flows.engine.model import QuestionResult

# The words of the agreement scale, as the answer form shows them after the number.
SCALE_WORDS = {
    "1": "Strongly disagree",
    "2": "Disagree",
    "3": "Neither agree nor disagree",
    "4": "Agree",
    "5": "Strongly agree",
}
YES_NO_WORDS = {"yes": "Yes", "no": "No"}


def answer_words(kind: str, key: str) -> str:
    """The words for one key of `QuestionResult.distribution`, as people saw that answer."""
    if kind == "scale":
        return SCALE_WORDS.get(key, key)
    if kind == "yes_no":
        return YES_NO_WORDS.get(key, key)
    return key


def form_label(kind: str, key: str) -> str:
    """As the answer input reads ("4 Agree"), so a person matches a spread line to an option."""
    if kind == "scale" and key in SCALE_WORDS:
        return f"{key} {SCALE_WORDS[key]}"
    return answer_words(kind, key)


def labelled_counts(result: QuestionResult) -> list[tuple[str, int]]:
    """(words, count) for every answer somebody gave, in the flow's order; unescaped."""
    return [(answer_words(result.kind, key), n) for key, n in result.distribution.items() if n > 0]


def spread_text(result: QuestionResult) -> str:
    """ "Strongly disagree 2 · Strongly agree 3": the answers given, with their counts; unescaped."""
    counts = labelled_counts(result)
    if not counts:
        return "no answers"
    return " · ".join(f"{words} {n}" for words, n in counts)
