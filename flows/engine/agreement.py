"""Whether the panel agrees on one question, judged on the answers given (missing answers are left
out, and every person counts once, whatever their scoring weight).

- Fewer than `min_answers` answers: `insufficient`.
- yes/no and single choice: `consensus` when the most common answer holds at least
  `consensus_share` (0.75, the median threshold in Diamond et al. 2014), else `no_consensus`.
- scale 1-5: `consensus` when the largest of the groups {1,2}, {3}, {4,5} holds at least
  `consensus_share` and the mean absolute deviation from the median is at most
  `scale_max_avg_deviation` (0.8, from Burke and Dunlap's c/6 for five points); `polarised` when
  {1,2} and {4,5} each hold at least `polarised_share` (the RAND/UCLA disagreement rule); else
  `no_consensus`.
- multiple choice: each choice judged as selected or not; `consensus` only if every choice is.
- number: judged like single choice on its bands; without bands `not_judged`.
- free text: `not_judged`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from flows.engine.evidence import band_index
from flows.engine.model import AnswerValue, Status, Thresholds
from flows.schema import Band, Question, QuestionKind

OUTSIDE_BANDS = "outside the bands"
EN_DASH = "\u2013"  # band labels read "10 to 49" with a typographic dash, as people write ranges
_EPSILON = 1e-9  # so that 3 of 4 is "at least 0.75" whatever the float rounding


@dataclass(frozen=True)
class Judgement:
    status: Status
    distribution: dict[str, int]
    top_share: float | None = None
    avg_deviation: float | None = None


def judge(question: Question, values: Sequence[AnswerValue], thresholds: Thresholds) -> Judgement:
    distribution = distribution_of(question, values)
    if not is_judged(question):
        return Judgement("not_judged", distribution)
    if len(values) < thresholds.min_answers:
        return Judgement("insufficient", distribution)
    match question.kind:
        case QuestionKind.SCALE:
            levels = [int(v) for v in values if isinstance(v, int | float)]
            return _judge_scale(levels, distribution, thresholds)
        case QuestionKind.MULTI_CHOICE:
            return _judge_multi_choice(question, values, distribution, thresholds)
    top_share = max(distribution.values()) / len(values)
    return Judgement(_consensus_or_not(top_share, thresholds), distribution, top_share)


def is_judged(question: Question) -> bool:
    if question.kind is QuestionKind.FREE_TEXT:
        return False
    return question.kind is not QuestionKind.NUMBER or bool(question.bands)


def category(question: Question, value: AnswerValue) -> Hashable:
    """What counts as "the same answer" when finding the common and the minority view."""
    match question.kind:
        case QuestionKind.MULTI_CHOICE:
            return tuple(value) if isinstance(value, list) else ()
        case QuestionKind.NUMBER:
            return band_index(question, value)
    return value


def scale_group(level: int) -> int:
    """0 for {1,2}, 1 for {3}, 2 for {4,5}."""
    return 0 if level <= 2 else 1 if level == 3 else 2


def distribution_of(question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
    """Answer label -> count, in the flow's order of answers; empty for unjudged kinds."""
    match question.kind:
        case QuestionKind.YES_NO:
            return {"yes": sum(v is True for v in values), "no": sum(v is False for v in values)}
        case QuestionKind.SCALE:
            counts = Counter(values)
            return {str(level): counts[level] for level in range(1, 6)}
        case QuestionKind.SINGLE_CHOICE:
            counts = Counter(values)
            return {c.label: counts[c.value] for c in question.choices or []}
        case QuestionKind.MULTI_CHOICE:
            picks = Counter(v for value in values if isinstance(value, list) for v in value)
            return {c.label: picks[c.value] for c in question.choices or []}
        case QuestionKind.NUMBER if question.bands:
            bands = Counter(band_index(question, v) for v in values)
            distribution = {band_label(b): bands[i] for i, b in enumerate(question.bands)}
            if bands[None]:
                distribution[OUTSIDE_BANDS] = bands[None]
            return distribution
    return {}


def band_label(band: Band) -> str:
    low, high = band.min, band.max
    if low is None and high is None:
        return "any"
    if low is None:
        return f"under {_plain(high)}"
    if high is None:
        return f"{_plain(low)} or more"
    if low == int(low) and high == int(high):
        top = int(high) - 1
        return _plain(low) if top <= low else f"{_plain(low)}{EN_DASH}{top}"
    return f"{_plain(low)} to under {_plain(high)}"


def _plain(number: float | None) -> str:
    assert number is not None
    return str(int(number)) if number == int(number) else str(number)


def _judge_scale(levels: list[int], distribution: dict[str, int], thresholds: Thresholds) -> Judgement:
    n = len(levels)
    groups = Counter(scale_group(level) for level in levels)
    top_share = max(groups.values()) / n
    median = statistics.median(levels)
    deviation = sum(abs(level - median) for level in levels) / n
    if _reaches(top_share, thresholds.consensus_share) and deviation <= (
        thresholds.scale_max_avg_deviation + _EPSILON
    ):
        status: Status = "consensus"
    elif _reaches(groups[0] / n, thresholds.polarised_share) and _reaches(
        groups[2] / n, thresholds.polarised_share
    ):
        status = "polarised"
    else:
        status = "no_consensus"
    return Judgement(status, distribution, top_share, deviation)


def _judge_multi_choice(
    question: Question, values: Sequence[AnswerValue], distribution: dict[str, int], thresholds: Thresholds
) -> Judgement:
    # Each choice is a yes/no question of its own: picked or not.
    n = len(values)
    picks = Counter(v for value in values if isinstance(value, list) for v in value)
    top_share = min(max(picks[c.value], n - picks[c.value]) / n for c in question.choices or [])
    return Judgement(_consensus_or_not(top_share, thresholds), distribution, top_share)


def _consensus_or_not(top_share: float, thresholds: Thresholds) -> Status:
    return "consensus" if _reaches(top_share, thresholds.consensus_share) else "no_consensus"


def _reaches(share: float, threshold: float) -> bool:
    return share >= threshold - _EPSILON
