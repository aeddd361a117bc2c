"""The evidence behind a recommendation: the weight-bearing questions that most favour it."""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.model import Decision, Signal
from flows.engine.scoring import Tally
from flows.engine.wording import answer_label
from flows.schema import Flow

TOP_SIGNALS = 5


def signals_for(flow: Flow, tally: Tally, chosen: int, decisions: Mapping[str, Decision]) -> list[Signal]:
    """Up to five questions, by how far their scored answers put the chosen option ahead of the best
    other option (in score units). `supporters` counts the members whose own answer gave the chosen
    option more evidence than any other: on a question the facilitator decided, the decision moves
    the scores but is never counted as a supporter, and `decided` names it."""
    found: list[Signal] = []
    for question in flow.questions:
        totals = tally.totals.get(question.id)
        if totals is None or tally.counted[question.id] == 0 or tally.denominator == 0:
            continue
        lead = totals[chosen] - max(v for i, v in enumerate(totals) if i != chosen)
        if lead <= 0:
            continue
        decision = decisions.get(question.id)
        decided = None
        if decision is not None and decision.value is not None:
            decided = answer_label(question, decision.value)
        found.append(
            Signal(
                question_id=question.id,
                text=question.text,
                quote=question.quote,
                supporters=tally.supporters[question.id][chosen],
                answered=tally.counted[question.id],
                weight=lead / tally.denominator,
                decided=decided,
            )
        )
    found.sort(key=lambda s: -s.weight)  # a stable sort: equal weights keep the flow's order
    return found[:TOP_SIGNALS]
