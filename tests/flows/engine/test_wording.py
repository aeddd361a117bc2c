"""Numbers and quotes as a person reads them: shares never round up onto a threshold, and a quoted
statement ends its sentence once."""

from __future__ import annotations

import pytest

from flows.engine.wording import percent, points, short


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.5, "50%"), (0.746, "74.6%"), (0.7499, "74.9%"), (0.89997, "89.9%"), (0.123, "12%"), (1.0, "100%")],
)
def test_a_share_never_rounds_up_onto_a_multiple_of_five(share: float, shown: str) -> None:
    assert percent(share) == shown


def test_a_margin_just_under_five_points_reads_under_five() -> None:
    assert points(0.0495) == "4.95 points"


def test_a_quoted_statement_drops_its_full_stop_and_a_question_keeps_its_mark() -> None:
    assert short("We need someone to lead AI governance.") == "“We need someone to lead AI governance”"
    assert short("Is AI central?") == "“Is AI central?”"
