"""The minority view on a question: the answer the sensitivity analysis tries in everyone's place.

It is the most common answer among those who did not give the most common answer. For a scale
the answers are grouped {1,2}, {3}, {4,5}; the minority view is the median of those outside the
largest group, rounded away from that group. Ties go to the answer the flow lists first, so the
result never depends on the order members are stored in.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence

from flows.engine.agreement import category, scale_group
from flows.engine.model import AnswerValue
from flows.schema import Question, QuestionKind


def minority_view(question: Question, values: Sequence[AnswerValue]) -> AnswerValue | None:
    """None when everyone gave the same answer, or nobody answered."""
    if question.kind is QuestionKind.SCALE:
        return _scale_minority([int(v) for v in values if isinstance(v, int | float)])
    counts = Counter(category(question, v) for v in values)
    if len(counts) < 2:
        return None
    ranked = sorted(counts, key=lambda c: (-counts[c], _flow_order(question, c)))
    holders = [v for v in values if category(question, v) == ranked[1]]
    if question.kind is QuestionKind.NUMBER:  # any value in the band gives the same evidence
        return min(v for v in holders if isinstance(v, int | float))
    return holders[0]  # all holders gave this very answer


def _scale_minority(levels: list[int]) -> int | None:
    groups = Counter(scale_group(level) for level in levels)
    if len(groups) < 2:
        return None
    modal = min(groups, key=lambda g: (-groups[g], g))
    others = [level for level in levels if scale_group(level) != modal]
    median = statistics.median(others)
    below = median < {0: 1.5, 1: 3, 2: 4.5}[modal]
    return math.floor(median) if below else math.ceil(median)


def _flow_order(question: Question, key: object) -> tuple[int, ...]:
    choices = [c.value for c in question.choices or []]
    match question.kind:
        case QuestionKind.YES_NO:
            return (0 if key is True else 1,)
        case QuestionKind.SINGLE_CHOICE:
            return (choices.index(str(key)),)
        case QuestionKind.MULTI_CHOICE:
            return tuple(choices.index(v) for v in key) if isinstance(key, tuple) else ()
        case QuestionKind.NUMBER:
            return (key if isinstance(key, int) else len(question.bands or []),)
    return (0,)
