"""How the answer inputs label an answer, for the spreads on the round-2 and facilitator forms.
The spread itself ("Strongly disagree 2 · Strongly agree 3"), which every surface shows alike, is
`flows.engine.phrasing.spread`."""

from __future__ import annotations

from flows.kinds.registry import plugin_for
from flows.schema import QuestionKind


def form_label(kind: str, key: str) -> str:
    """As the answer input reads ("4 Agree"), so a person matches a spread line to an option."""
    return plugin_for(QuestionKind(kind)).distribution_form_label(key)
