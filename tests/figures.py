"""Figures a test observed, recorded as pytest properties so they land in the JUnit XML that
`python -m tests.proof` summarises. A figure is a count the test made or a size it saw; recording
one never changes what the test asserts.

Each figure says how a suite's tests combine: counts add up, sizes keep the largest. The property
name carries that (`figure sum: NAME`, `figure max: NAME`), so the summariser needs no list of names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

PREFIX = "figure"
HOW = ("sum", "max")


def property_name(how: str, name: str) -> str:
    return f"{PREFIX} {how}: {name}"


def parse_property(name: str) -> tuple[str, str] | None:
    """(how, figure name) of a property recorded here; None for anyone else's property."""
    head, sep, figure = name.partition(": ")
    kind, _, how = head.partition(" ")
    if not sep or kind != PREFIX or how not in HOW:
        return None
    return how, figure


class Figures:
    """Call it with a count (`figures("requests replayed", 57)`), `add` to count as you go (a
    hypothesis test runs its body once per example with one fixture), `most` for a size."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], int | float] = {}

    def __call__(self, name: str, value: int | float) -> None:
        self.values[("sum", name)] = int(value) if isinstance(value, bool) else value

    def add(self, name: str, by: int | float = 1) -> None:
        # A bool counts as 0 or 1 (`figures.add("refused", refused)`), recorded as a number.
        counted = int(by) if isinstance(by, bool) else by
        self.values[("sum", name)] = self.values.get(("sum", name), 0) + counted

    def most(self, name: str, value: int | float) -> None:
        self.values[("max", name)] = max(value, self.values.get(("max", name), value))

    def record(self, record_property: Callable[[str, object], None]) -> None:
        for (how, name), value in self.values.items():
            record_property(property_name(how, name), value)


@pytest.fixture
def figures(record_property: Callable[[str, object], None]) -> Iterator[Figures]:
    """Recorded at teardown, so a test that fails still publishes what it counted before failing."""
    counted = Figures()
    yield counted
    counted.record(record_property)
