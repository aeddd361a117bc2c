"""The evidence behind a recommendation: the weight-bearing questions that most favour it."""

from __future__ import annotations

from flows.engine.model import Signal
from flows.engine.scoring import Tally
from flows.schema import Flow

TOP_SIGNALS = 5


def signals_for(flow: Flow, tally: Tally, chosen: int) -> list[Signal]:
    """Up to five questions, by how far their answers put the chosen option ahead of the best other
    option (in score units); `supporters` counts the members whose answer gave the chosen option
    more evidence than any other."""
    found: list[Signal] = []
    for question in flow.questions:
        totals = tally.totals.get(question.id)
        if totals is None or tally.counted[question.id] == 0 or tally.denominator == 0:
            continue
        lead = totals[chosen] - max(v for i, v in enumerate(totals) if i != chosen)
        if lead <= 0:
            continue
        found.append(
            Signal(
                question_id=question.id,
                text=question.text,
                quote=question.quote,
                supporters=tally.supporters[question.id][chosen],
                answered=tally.counted[question.id],
                weight=lead / tally.denominator,
            )
        )
    found.sort(key=lambda s: -s.weight)  # a stable sort: equal weights keep the flow's order
    return found[:TOP_SIGNALS]
