"""Which questions the demo's panel disagrees on: the two that move the option scores most.

Found from the flow's own weights, never from a list of question ids, so a new flow gets a story
too. A question qualifies when everyone sees it (no `show_when`), it is required, it carries
weight, and one answer settles it (yes/no, the agreement scale, a single choice). Its swing for
a pair of answers (a, b) and a pair of options (X, Y) is how far `a` pulls X ahead of Y plus how
far `b` pulls Y ahead of X: a panel split between a and b is torn between X and Y.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from flows.engine.evidence import evidence_for
from flows.engine.model import AnswerValue
from flows.errors import WorkshopError
from flows.kinds.registry import plugin_for
from flows.schema import Flow, Question


@dataclass(frozen=True)
class Split:
    """A question the panel will split on: `majority` pulls towards option `favours`, `minority`
    towards option `against`; `swing` is how hard the two answers pull apart."""

    question: Question
    majority: AnswerValue
    minority: AnswerValue
    favours: str
    against: str
    swing: float

    def flipped(self) -> Split:
        """The same split with the sides swapped."""
        return Split(self.question, self.minority, self.majority, self.against, self.favours, self.swing)


def key_splits(flow: Flow) -> tuple[Split, Split]:
    """The flow's most decisive split, and the next most decisive one that pulls between the same
    two options in the same direction (or, when none does, the next most decisive of any)."""
    best = [_best_split(flow, q) for q in flow.questions if _splittable(q)]
    ranked = sorted((s for s in best if s is not None), key=lambda s: -s.swing)  # stable: flow order
    if len(ranked) < 2:
        raise WorkshopError(
            f"Flow '{flow.id}' has fewer than two required yes/no, scale or single-choice questions "
            "that carry weight, so the demo cannot stage a disagreement.",
            "Run the demo with one of the shipped flows.",
        )
    first = ranked[0]
    aligned = [
        _best_split(flow, s.question, (first.favours, first.against))
        for s in ranked[1:]
        if s.question.id != first.question.id
    ]
    usable = [s for s in aligned if s is not None and s.swing > 0]
    second = max(usable, key=lambda s: s.swing) if usable else ranked[1]
    return first, second


def answers_of(question: Question) -> list[AnswerValue]:
    """The answers a panel can split between on a question one answer settles (the scale's two
    ends only, so a split panel is polarised, not merely spread); empty for other questions."""
    return plugin_for(question.kind).split_answers(question)


def _splittable(question: Question) -> bool:
    return (
        bool(answers_of(question))
        and question.required
        and question.show_when is None
        and question.carries_weight
    )


def _best_split(flow: Flow, question: Question, between: tuple[str, str] | None = None) -> Split | None:
    options = flow.option_ids
    pairs = [between] if between else list(permutations(options, 2))
    vectors = {_key(a): evidence_for(question, a, options) for a in answers_of(question)}
    best: Split | None = None
    for a, b in permutations(answers_of(question), 2):
        for favours, against in pairs:
            x, y = options.index(favours), options.index(against)
            pull_a = vectors[_key(a)][x] - vectors[_key(a)][y]
            pull_b = vectors[_key(b)][y] - vectors[_key(b)][x]
            if pull_a <= 0 or pull_b <= 0:
                continue  # each side must pull its own way, or there is no real disagreement
            swing = pull_a + pull_b
            if best is None or swing > best.swing:
                best = Split(question, a, b, favours, against, swing)
    return best


def _key(value: AnswerValue) -> tuple[type, AnswerValue]:
    # True == 1: a yes/no answer and a scale answer must not share a dictionary slot.
    return (type(value), value)
