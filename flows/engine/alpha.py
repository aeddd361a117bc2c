"""Krippendorff's alpha, from the coincidence matrix, as in Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability". Missing answers are simply absent from a unit; units with fewer
than two values cannot be paired and drop out. The work is done on counts per unit, so a unit
answered by a thousand people costs no more than its number of distinct values squared.

`pooled_alpha` combines groups of units that do not share values (questions with different answer
sets): each group's expected disagreement is computed from its own values only, and alpha is one
less the summed observed over the summed expected disagreement. With one group it is
`krippendorff_alpha`. Pooling units with different answer sets into one coincidence matrix instead
would count answers that could never coincide as expected disagreement, and read a random panel as
agreeing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Literal

Metric = Literal["nominal", "ordinal"]
Distance = Callable[[Hashable, Hashable], float]


def krippendorff_alpha(units: Iterable[Sequence[Hashable]], metric: Metric) -> float | None:
    """Alpha over `units`, each the list of values the coders gave it. None when no unit has two
    values, or when every pairable value is the same (no expected disagreement)."""
    return pooled_alpha([(units, metric)])


def pooled_alpha(groups: Iterable[tuple[Iterable[Sequence[Hashable]], Metric]]) -> float | None:
    """Alpha over groups of units, each group with its own answer set and metric."""
    observed = expected = 0.0
    for units, metric in groups:
        group_observed, group_expected = _disagreement(units, metric)
        observed += group_observed
        expected += group_expected
    if expected == 0:
        return None
    return 1 - observed / expected


def _disagreement(units: Iterable[Sequence[Hashable]], metric: Metric) -> tuple[float, float]:
    """n times the observed and n times the expected disagreement, D_o and D_e in Krippendorff's
    notation, where n is the number of pairable values: their ratio is one less alpha."""
    coincidences = _coincidences(units)
    totals: dict[Hashable, float] = defaultdict(float)
    for (c, _k), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    if n <= 1:
        return 0.0, 0.0
    distance: Distance = _ordinal_distances(totals) if metric == "ordinal" else _nominal_distance
    observed = sum(count * distance(c, k) for (c, k), count in coincidences.items())
    expected = sum(totals[c] * totals[k] * distance(c, k) for c in totals for k in totals) / (n - 1)
    return observed, expected


def _coincidences(units: Iterable[Sequence[Hashable]]) -> dict[tuple[Hashable, Hashable], float]:
    matrix: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit in units:
        pairable = len(unit) - 1
        if pairable < 1:
            continue
        counts = Counter(unit)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                matrix[c, k] += n_c * (n_k - (c == k)) / pairable
    return matrix


def _nominal_distance(c: Hashable, k: Hashable) -> float:
    return 0.0 if c == k else 1.0


def _ordinal_distances(totals: Mapping[Hashable, float]) -> Distance:
    """The ordinal metric: (sum of n_g for g from c to k, less half of n_c and n_k) squared."""
    ranked = sorted(totals)  # type: ignore[type-var]
    position = {value: i for i, value in enumerate(ranked)}
    running = [0.0]
    for value in ranked:
        running.append(running[-1] + totals[value])

    def distance(c: Hashable, k: Hashable) -> float:
        low, high = sorted((position[c], position[k]))
        between = running[high + 1] - running[low]
        return (between - (totals[c] + totals[k]) / 2) ** 2

    return distance
