"""The one set of text helpers: escaping that pings nobody, clipping that marks the cut and never
halves an escape, bars, and shares that never round up onto a threshold."""

from __future__ import annotations

import pytest

from flows.engine.text import (
    as_sentence,
    bar,
    clip,
    escape,
    listed,
    one_line,
    percent,
    percent_below,
    points,
    short,
)


def test_escape_makes_pings_and_links_inert() -> None:
    assert escape("<!channel> & <@U123> <https://x.io|x>") == (
        "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x.io|x&gt;"
    )


def test_escape_drops_bidirectional_overrides() -> None:
    assert escape("report\u202etxt.exe") == "reporttxt.exe"


def test_clip_marks_the_cut_and_never_halves_an_escape() -> None:
    assert clip("short", 10) == "short"
    assert clip("abcdef &lt; more text", 9) == "abcdef …"
    assert len(clip("x" * 5000, 3000)) == 3000


def test_clip_keeps_line_breaks_and_one_line_joins_them() -> None:
    # Slack sections are many lines, clipped whole; a list item is put on one line first.
    assert clip("first\nsecond", 20) == "first\nsecond"
    assert clip(one_line("first\n\n  second line"), 12) == "first secon…"


@pytest.mark.parametrize(("share", "drawn"), [(0.6, "██████░░░░"), (1.7, "██████████"), (-0.2, "░" * 10)])
def test_bar_fills_cells_in_proportion_and_clamps(share: float, drawn: str) -> None:
    assert bar(share) == drawn


def test_bar_takes_its_width() -> None:
    assert bar(0.45, 20) == "█████████░░░░░░░░░░░"


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.5, "50%"), (0.746, "74.6%"), (0.7499, "74.9%"), (0.89997, "89.9%"), (0.123, "12%"), (1.0, "100%")],
)
def test_a_share_never_rounds_up_onto_a_multiple_of_five(share: float, shown: str) -> None:
    assert percent(share) == shown


def test_a_share_short_of_its_threshold_reads_below_it() -> None:
    assert percent_below(0.7496, 0.75) == "74.96%"


def test_a_margin_just_under_five_points_reads_under_five() -> None:
    assert points(0.0495) == "4.95 points"


def test_a_quoted_statement_drops_its_full_stop_and_a_question_keeps_its_mark() -> None:
    assert short("We need someone to lead AI governance.") == "“We need someone to lead AI governance”"
    assert short("Is AI central?") == "“Is AI central?”"


def test_a_sentence_ends_once() -> None:
    assert as_sentence("We agreed.\nMostly") == "We agreed. Mostly."
    assert as_sentence("Why not?") == "Why not?"


def test_a_list_reads_as_a_sentence() -> None:
    assert [listed(["A"]), listed(["A", "B"]), listed(["A", "B", "C"])] == ["A", "A and B", "A, B and C"]
