"""What every kind's parser shares: the refusal that names the question, and reading a number."""

from __future__ import annotations

import math

from flows.errors import InvalidAnswer
from flows.schema import Question


def refuse(question: Question, expected: str, raw: object) -> InvalidAnswer:
    return InvalidAnswer(f"question '{question.id}': expected {expected}, got {_shown(raw)}")


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def as_number(raw: object) -> int | float | None:
    """An int or a finite float, from a number or a numeric string; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        text = raw.strip()
        try:
            raw = int(text)
        except ValueError:
            try:
                raw = float(text)
            except ValueError:
                return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return raw
    return None
