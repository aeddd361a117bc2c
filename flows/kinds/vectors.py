"""Evidence vectors: one weight per option, in the flow's option order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows.schema import OptionWeights

Vector = tuple[float, ...]


def vector(weights: OptionWeights, option_ids: Sequence[str]) -> Vector:
    return tuple(float(weights.get(option_id, 0.0)) for option_id in option_ids)


def zero(option_ids: Sequence[str]) -> Vector:
    return (0.0,) * len(option_ids)


def add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def scaled(a: Vector, factor: float) -> Vector:
    return tuple(x * factor for x in a)


def most_favouring_of(vectors: Iterable[Vector], favoured: int, against: int) -> Vector | None:
    """The vector that most favours option `favoured` over option `against` (by index), or None
    when there is none. Ties go to the vector listed first."""
    best: Vector | None = None
    for v in vectors:
        if best is None or v[favoured] - v[against] > best[favoured] - best[against]:
            best = v
    return best
