"""A judgement of whether the panel agrees on one question, and the share test every kind uses.
`flows.engine.agreement` states the rules; each kind's plug-in applies its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue, Status, Thresholds


EPSILON = 1e-9  # so that 3 of 4 is "at least 0.75" whatever the float rounding


@dataclass(frozen=True)
class Judgement:
    status: Status
    distribution: dict[str, int]
    top_share: float | None = None
    avg_deviation: float | None = None
    relative_spread: float | None = None  # numbers: interquartile range over the median


def reaches(share: float, threshold: float) -> bool:
    return share >= threshold - EPSILON


def consensus_or_not(top_share: float, thresholds: Thresholds) -> Status:
    return "consensus" if reaches(top_share, thresholds.consensus_share) else "no_consensus"


def by_top_answer(
    values: Sequence[AnswerValue], distribution: dict[str, int], thresholds: Thresholds
) -> Judgement:
    """One answer settles the question: consensus when the most common answer holds enough."""
    top_share = max(distribution.values()) / len(values)
    return Judgement(consensus_or_not(top_share, thresholds), distribution, top_share)
