"""How sure a recommendation is, once there is one (`flows.engine.verdict` decides whether there
is). The rule, exactly:

- **low** if any of: one question alone flips the outcome (one disputed question switched to
  another answer the panel gave, or one question's weights halved or raised by half); a margin
  under `low_margin` (5 points); fewer than `low_coverage` (half) of the weight-bearing answers in,
  over every invited member; a decisive dispute left open.
- **high** if all of: at least `high_participation` (80%) of the invited answered and answered
  at least 80% of the required questions they saw; at least `high_panel` (6) members present;
  agreement (the share of judged, weight-bearing questions at consensus) of at least
  `high_agreement` (75%); a margin of at least `high_margin` (15 points); no what-if changes the
  outcome; no facilitator decision; no dispute left open.
- **medium** otherwise.

A dispute is "left open" when its resolution is `left_open` (the facilitator chose not to settle
it) or `open` (nobody has settled it yet). `reasons` holds one plain sentence per condition that
pulled the confidence down (for low, the conditions that made it low), or, when it is high, the
reasons it is high. A threshold missed is said as missed, with as many decimals as it takes never
to read as reached ("4.95 points, under the 5 needed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.engine.model import Confidence, Participation, QuestionResult, SensitivityCase, Thresholds
from flows.engine.sensitivity import ALL_SWITCHED, SINGLE_SWITCH
from flows.engine.text import percent, percent_below, points, points_below, short
from flows.schema import Flow

_OPEN = {"left_open", "open"}
_EPSILON = 1e-9  # a share that reaches a threshold up to float noise has reached it


@dataclass(frozen=True)
class Standing:
    """Everything the rule looks at, gathered by `analyse`."""

    participation: Participation
    agreement: float
    margin: float
    leader: str  # option labels
    runner_up: str
    cases: Sequence[SensitivityCase]
    disputed: Sequence[QuestionResult]
    decided: Sequence[str]  # ids of questions the facilitator decided with a value


@dataclass(frozen=True)
class Verdict:
    confidence: Confidence
    reasons: list[str]


def judge_confidence(flow: Flow, standing: Standing, thresholds: Thresholds) -> Verdict:
    low = _low_reasons(flow, standing, thresholds)
    if low:
        return Verdict("low", low)
    short_of_high = _short_of_high(flow, standing, thresholds)
    if short_of_high:
        return Verdict("medium", short_of_high)
    return Verdict("high", _why_high(standing))


def reaches(share: float, threshold: float) -> bool:
    return share >= threshold - _EPSILON


def _low_reasons(flow: Flow, standing: Standing, thresholds: Thresholds) -> list[str]:
    reasons: list[str] = []
    questions = {q.id: q for q in flow.questions}
    switched = _flipping(standing.cases, {SINGLE_SWITCH})
    if switched:
        names = ", ".join(short(questions[q].text) for q in switched)
        reasons.append(
            f"Switching one disputed question to another answer the panel gave changes the "
            f"recommendation: {names}."
        )
    reweighted = _flipping(standing.cases, {"weight_halved", "weight_raised"})
    if reweighted:
        names = ", ".join(short(questions[q].text) for q in reweighted)
        reasons.append(f"Halving or raising the weights of one question changes the recommendation: {names}.")
    if not reaches(standing.margin, thresholds.low_margin):
        reasons.append(_margin_sentence(standing, thresholds.low_margin))
    coverage = standing.participation.coverage
    if not reaches(coverage, thresholds.low_coverage):
        reasons.append(
            f"Only {percent_below(coverage, thresholds.low_coverage)} of the answers that weigh on the "
            f"decision are in, under the {percent(thresholds.low_coverage)} needed for more than low "
            "confidence."
        )
    still_open = [r.question_id for r in standing.disputed if r.decisive and r.resolution in _OPEN]
    if still_open:
        names = ", ".join(short(questions[q].text) for q in still_open)
        reasons.append(f"{_disputes(len(still_open), 'decisive ')} still open: {names}.")
    return reasons


def _short_of_high(flow: Flow, standing: Standing, thresholds: Thresholds) -> list[str]:
    reasons: list[str] = []
    questions = {q.id: q for q in flow.questions}
    taking_part = standing.participation
    needed = thresholds.high_participation
    turnout = taking_part.answered / taking_part.invited if taking_part.invited else 0.0
    if not reaches(turnout, needed):
        reasons.append(
            f"{taking_part.answered} of {taking_part.invited} invited members answered "
            f"({percent_below(turnout, needed)}), under the {percent(needed)} high confidence needs."
        )
    if not reaches(taking_part.completeness, needed):
        reasons.append(
            f"The panel answered {percent_below(taking_part.completeness, needed)} of the required questions "
            f"it saw, under the {percent(needed)} high confidence needs."
        )
    if taking_part.present < thresholds.high_panel:
        reasons.append(
            f"{taking_part.present} member{'' if taking_part.present == 1 else 's'} gave answers that weigh "
            f"on the decision; a panel under {thresholds.high_panel} can give at most medium confidence."
        )
    if not reaches(standing.agreement, thresholds.high_agreement):
        reasons.append(
            f"The panel agreed on {percent_below(standing.agreement, thresholds.high_agreement)} of the "
            f"questions it judged, under the {percent(thresholds.high_agreement)} high confidence needs."
        )
    if not reaches(standing.margin, thresholds.high_margin):
        reasons.append(_margin_sentence(standing, thresholds.high_margin))
    if any(c.flipped and c.name == ALL_SWITCHED for c in standing.cases):
        reasons.append("Switching every disputed question at once changes the recommendation.")
    if any(c.flipped and c.name == "missing_filled" for c in standing.cases):
        reasons.append("Filling the missing answers in the runner-up's favour changes the recommendation.")
    if standing.decided:
        names = ", ".join(short(questions[q].text) for q in standing.decided)
        reasons.append(f"The facilitator decided a question the panel did not settle: {names}.")
    still_open = [r.question_id for r in standing.disputed if r.resolution in _OPEN]
    if still_open:
        names = ", ".join(short(questions[q].text) for q in still_open)
        reasons.append(f"{_disputes(len(still_open))} still open: {names}.")
    return reasons


def _why_high(standing: Standing) -> list[str]:
    taking_part = standing.participation
    return [
        f"{taking_part.answered} of {taking_part.invited} invited members answered, covering "
        f"{percent(taking_part.completeness)} of the required questions, with every required role present.",
        f"The panel agreed on {percent(standing.agreement)} of the questions it judged.",
        f"{standing.leader} leads {standing.runner_up} by {points(standing.margin)}.",
        "No what-if (other answers the panel gave, missing answers, reweighted questions) changes the "
        "recommendation.",
    ]


def _margin_sentence(standing: Standing, needed: float) -> str:
    return (
        f"{standing.leader} leads {standing.runner_up} by {points_below(standing.margin, needed)}, "
        f"under the {points(needed).removesuffix(' points').removesuffix(' point')} needed."
    )


def _flipping(cases: Sequence[SensitivityCase], names: set[str]) -> list[str]:
    flipping: list[str] = []
    for case in cases:
        if case.flipped and case.name in names and case.question_id and case.question_id not in flipping:
            flipping.append(case.question_id)
    return flipping


def _disputes(count: int, kind: str = "") -> str:
    return f"A {kind}dispute is" if count == 1 else f"{count} {kind}disputes are"
