"""How the answer inputs label an answer, for the spreads on the round-2 and facilitator forms.
The spread itself ("Strongly disagree 2 · Strongly agree 3"), which every surface shows alike, is
`flows.engine.phrasing.spread`."""

from __future__ import annotations

from flows.engine.phrasing import answer_words


def form_label(kind: str, key: str) -> str:
    """As the answer input reads ("4 Agree"), so a person matches a spread line to an option."""
    words = answer_words(kind, key)
    if kind == "scale" and words != key:
        return f"{key} {words}"
    return words
