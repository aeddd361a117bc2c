"""Krippendorff's alpha against the worked example in Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability": four observers, twelve units, values 1-5, some missing."""

from __future__ import annotations

import random

import pytest

from flows.engine import analyse
from flows.engine.alpha import krippendorff_alpha, pooled_alpha
from flows.schema import Flow

from .builders import make_flow, panel, question, section, yes_no

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


def _mixed_flow() -> Flow:
    """Four yes/no questions, four single choices each with its own answer set, four scales."""
    choices = [
        question(
            f"c{n}",
            "single_choice",
            choices=[{"value": f"q{n}v{k}", "label": f"V{k}", "weights": {"lead": 1}} for k in range(3)],
        )
        for n in range(4)
    ]
    scales = [question(f"s{n}", "scale", evidence={"agree": {"lead": 1}}) for n in range(4)]
    return make_flow(section("mixed", *(yes_no(f"y{n}") for n in range(4)), *choices, *scales))


def test_a_panel_split_two_against_two_on_every_question_reads_below_zero() -> None:
    # Within every question the panel disagrees as much as it can: alpha is negative (about -1/3
    # for four coders), never the 0.31 that pooling different answer sets gave.
    side = {0: True, 1: True, 2: False, 3: False}
    answers = {
        f"m{m}": {f"y{n}": side[m] for n in range(4)}
        | {f"c{n}": f"q{n}v{0 if side[m] else 1}" for n in range(4)}
        | {f"s{n}": 1 if side[m] else 5 for n in range(4)}
        for m in range(4)
    }
    alpha = analyse(_mixed_flow(), panel(answers)).alpha
    assert alpha.nominal is not None and alpha.nominal < 0
    assert alpha.ordinal is not None and alpha.ordinal < 0


def test_a_panel_answering_at_random_reads_about_zero() -> None:
    rng = random.Random(7)
    answers = {
        f"m{m}": {f"y{n}": rng.random() < 0.5 for n in range(4)}
        | {f"c{n}": f"q{n}v{rng.randrange(3)}" for n in range(4)}
        | {f"s{n}": rng.randint(1, 5) for n in range(4)}
        for m in range(40)
    }
    alpha = analyse(_mixed_flow(), panel(answers)).alpha
    assert alpha.nominal is not None and abs(alpha.nominal) < 0.05
    assert alpha.ordinal is not None and abs(alpha.ordinal) < 0.05


def test_pooling_groups_is_one_less_summed_observed_over_summed_expected() -> None:
    # [a, a], [a, b]: coincidences aa 2, ab 1, ba 1; n_a 3, n_b 1, n 4: observed 2, expected
    # 2 x 3 x 1 / 3 = 2. [x, y], [x, y]: xy 2, yx 2; n_x = n_y = 2: observed 4, expected 8/3.
    first = [["a", "a"], ["a", "b"]]
    second = [["x", "y"], ["x", "y"]]
    assert pooled_alpha([(first, "nominal")]) == pytest.approx(0.0)
    assert pooled_alpha([(second, "nominal")]) == pytest.approx(1 - 4 / (8 / 3))
    assert pooled_alpha([(first, "nominal"), (second, "nominal")]) == pytest.approx(1 - 6 / (2 + 8 / 3))
    # One matrix over both would count a-against-x as expected disagreement and read higher.
    assert krippendorff_alpha(first + second, "nominal") == pytest.approx(1 - 6 / (46 / 7))  # 0.087
