"""Krippendorff's alpha against the worked example in Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability": four observers, twelve units, values 1-5, some missing."""

from __future__ import annotations

import pytest

from flows.engine import analyse
from flows.engine.alpha import krippendorff_alpha
from flows.schema import Flow

from .builders import make_flow, panel, question, section

# One row per observer, one column per unit; None is a missing value.
RELIABILITY_DATA: dict[str, list[int | None]] = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
UNITS = [[row[u] for row in RELIABILITY_DATA.values() if row[u] is not None] for u in range(12)]


def test_published_nominal_alpha() -> None:
    assert krippendorff_alpha(UNITS, "nominal") == pytest.approx(0.743, abs=5e-4)


def test_published_ordinal_alpha() -> None:
    assert krippendorff_alpha(UNITS, "ordinal") == pytest.approx(0.815, abs=5e-4)


def test_no_pairable_unit_gives_none() -> None:
    assert krippendorff_alpha([[1], [2], []], "nominal") is None


def test_no_variation_at_all_gives_none() -> None:
    assert krippendorff_alpha([[3, 3], [3, 3, 3]], "ordinal") is None


def test_perfect_agreement_with_variation_is_one() -> None:
    assert krippendorff_alpha([[1, 1], [4, 4, 4], [2, 2]], "ordinal") == 1.0


def _example_flow(kind: str) -> Flow:
    if kind == "scale":
        extra = {"evidence": {"agree": {"lead": 1}}}
    else:
        extra = {
            "choices": [{"value": f"v{n}", "label": str(n), "weights": {"lead": 1}} for n in range(1, 6)]
        }
    return make_flow(section("units", *(question(f"u{u}", kind, **extra) for u in range(12))))


@pytest.mark.parametrize(
    ("kind", "metric", "published"), [("scale", "ordinal", 0.815), ("single_choice", "nominal", 0.743)]
)
def test_analyse_reports_the_published_alpha_for_the_example_panel(
    kind: str, metric: str, published: float
) -> None:
    flow = _example_flow(kind)
    encode = (lambda v: v) if kind == "scale" else (lambda v: f"v{v}")
    answers = {
        observer: {f"u{u}": encode(v) for u, v in enumerate(row) if v is not None}
        for observer, row in RELIABILITY_DATA.items()
    }
    alpha = analyse(flow, panel(answers)).alpha
    assert getattr(alpha, metric) == pytest.approx(published, abs=5e-4)
    assert getattr(alpha, "nominal" if metric == "ordinal" else "ordinal") is None


def test_each_multi_choice_option_is_a_yes_no_unit(every_kind_flow: Flow) -> None:
    # Three members: strategy picked by all, engineering by one, governance by none. Units (picked or
    # not): [T,T,T], [T,F,F], [F,F,F]. Coincidences: TT 3, TF 1, FT 1, FF 4, so n_T = 4, n_F = 5,
    # n = 9, and alpha = 1 - (TF + FT) / (2 * n_T * n_F / (n - 1)) = 1 - 2 / 5.
    answers = {
        "m0": {"gaps": ["strategy", "engineering"]},
        "m1": {"gaps": ["strategy"]},
        "m2": {"gaps": ["strategy"]},
    }
    assert analyse(every_kind_flow, panel(answers)).alpha.nominal == pytest.approx(0.6)
