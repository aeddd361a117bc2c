"""How sure the recommendation is. The rule, exactly:

- `blocked_by`: required roles (`flow.requires.roles`) with no non-declined member who answered;
  quorum (members who answered < `flow.requires.quorum`).
- **low** if any of: a single-question flip (sensitivity case 1 or 4 flipped: one disputed question
  switched to its minority view, or one question's weights halved or raised by half), margin <
  `low_margin` (0.05), a required role missing, quorum not met, a decisive dispute left open.
- **high** if all of: participation answered/invited >= 0.8 and completeness >= 0.8, every
  required role present, agreement >= 0.75, margin >= 0.15, no flip under any sensitivity case,
  no facilitator decision, no dispute left open.
- **medium** otherwise.

A dispute is "left open" when its resolution is `left_open` (the facilitator chose not to settle
it) or `open` (nobody has settled it yet). `reasons` holds one plain sentence per condition that
pulled the confidence down (for low, the conditions that made it low), or, when it is high, the
reasons it is high.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.engine.model import Confidence, Participation, QuestionResult, SensitivityCase, Thresholds
from flows.engine.wording import percent, points, short
from flows.schema import ROLES, Flow

_SINGLE_QUESTION_CASES = {"minority_view", "weight_halved", "weight_raised"}
_OPEN = {"left_open", "open"}


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
    blocked_by: list[str]


def judge_confidence(flow: Flow, standing: Standing, thresholds: Thresholds) -> Verdict:
    blocked_by = _blocked_by(flow, standing.participation)
    low = _low_reasons(flow, standing, thresholds, blocked_by)
    if low:
        return Verdict("low", low, blocked_by)
    short_of_high = _short_of_high(flow, standing, thresholds)
    if short_of_high:
        return Verdict("medium", short_of_high, blocked_by)
    return Verdict("high", _why_high(standing), blocked_by)


def _blocked_by(flow: Flow, participation: Participation) -> list[str]:
    blocked = [
        f"No one in the required role {ROLES.get(role, role)} has answered."
        for role in participation.roles_missing
    ]
    if participation.answered < flow.requires.quorum:
        blocked.append(
            f"Only {participation.answered} member{'' if participation.answered == 1 else 's'} answered; "
            f"the flow needs at least {flow.requires.quorum}."
        )
    return blocked


def _low_reasons(flow: Flow, standing: Standing, thresholds: Thresholds, blocked_by: list[str]) -> list[str]:
    reasons: list[str] = []
    questions = {q.id: q for q in flow.questions}
    switched = _flipping(standing.cases, {"minority_view"})
    if switched:
        names = ", ".join(short(questions[q].text) for q in switched)
        reasons.append(
            f"Switching one disputed question to its minority view changes the recommendation: {names}."
        )
    reweighted = _flipping(standing.cases, {"weight_halved", "weight_raised"})
    if reweighted:
        names = ", ".join(short(questions[q].text) for q in reweighted)
        reasons.append(f"Halving or raising the weights of one question changes the recommendation: {names}.")
    if standing.margin < thresholds.low_margin:
        reasons.append(_margin_sentence(standing, thresholds.low_margin))
    reasons += blocked_by
    still_open = [r.question_id for r in standing.disputed if r.decisive and r.resolution in _OPEN]
    if still_open:
        names = ", ".join(short(questions[q].text) for q in still_open)
        reasons.append(f"A decisive dispute is still open: {names}.")
    return reasons


def _short_of_high(flow: Flow, standing: Standing, thresholds: Thresholds) -> list[str]:
    reasons: list[str] = []
    questions = {q.id: q for q in flow.questions}
    taking_part = standing.participation
    turnout = taking_part.answered / taking_part.invited if taking_part.invited else 0.0
    if turnout < thresholds.high_participation:
        reasons.append(
            f"{taking_part.answered} of {taking_part.invited} invited members answered ({percent(turnout)}); "
            f"high confidence needs {percent(thresholds.high_participation)}."
        )
    if taking_part.completeness < thresholds.high_participation:
        reasons.append(
            f"The panel answered {percent(taking_part.completeness)} of the required questions it saw; "
            f"high confidence needs {percent(thresholds.high_participation)}."
        )
    if standing.agreement < thresholds.high_agreement:
        reasons.append(
            f"The panel agreed on {percent(standing.agreement)} of the questions it judged; "
            f"high confidence needs {percent(thresholds.high_agreement)}."
        )
    if standing.margin < thresholds.high_margin:
        reasons.append(_margin_sentence(standing, thresholds.high_margin))
    if any(c.flipped and c.name == "all_minority_views" for c in standing.cases):
        reasons.append("Switching every disputed question to its minority view changes the recommendation.")
    if any(c.flipped and c.name == "missing_filled" for c in standing.cases):
        reasons.append("Filling the missing answers in the runner-up's favour changes the recommendation.")
    if standing.decided:
        names = ", ".join(short(questions[q].text) for q in standing.decided)
        reasons.append(f"The facilitator settled a question the panel did not: {names}.")
    still_open = [r.question_id for r in standing.disputed if r.resolution in _OPEN]
    if still_open:
        names = ", ".join(short(questions[q].text) for q in still_open)
        reasons.append(f"A dispute is still open: {names}.")
    return reasons


def _why_high(standing: Standing) -> list[str]:
    taking_part = standing.participation
    return [
        f"{taking_part.answered} of {taking_part.invited} invited members answered, covering "
        f"{percent(taking_part.completeness)} of the required questions, with every required role present.",
        f"The panel agreed on {percent(standing.agreement)} of the questions it judged.",
        f"{standing.leader} leads {standing.runner_up} by {points(standing.margin)}.",
        "No what-if (minority views, missing answers, reweighted questions) changes the recommendation.",
    ]


def _margin_sentence(standing: Standing, needed: float) -> str:
    if standing.margin == 0:
        leader, runner_up = standing.leader, standing.runner_up
        return f"{leader} and {runner_up} are tied; {leader} is listed first in the flow."
    return (
        f"{standing.leader} leads {standing.runner_up} by only {points(standing.margin)} "
        f"(at least {points(needed)} needed)."
    )


def _flipping(cases: Sequence[SensitivityCase], names: set[str]) -> list[str]:
    flipping: list[str] = []
    for case in cases:
        if case.flipped and case.name in names and case.question_id and case.question_id not in flipping:
            flipping.append(case.question_id)
    return flipping
