"""Whether the panel agrees on one question, judged on the answers given (missing answers and
"don't know" are left out, and every person counts once, whatever their scoring weight).

- Fewer than `min_answers` answers: `insufficient`.
- yes/no and single choice: `consensus` when the most common answer holds at least
  `consensus_share` (0.75, the median threshold in Diamond et al. 2014), else `no_consensus`.
- scale 1-5: `consensus` when the largest of the groups {1,2}, {3}, {4,5} holds at least
  `consensus_share` and the mean absolute deviation from the median is at most c/6 for c scale
  points (Burke and Dunlap 2002: 5/6 = 0.833 for five points); `polarised` when {1,2} and {4,5}
  each hold at least `polarised_share` (the RAND/UCLA disagreement rule), judged only for panels
  of at least `polarised_panel` answers, since the rule was built for panels of 8 or 9; else
  `no_consensus`.
- multiple choice: each choice judged as picked or not; `consensus` only if every choice is.
  "None of these" (an empty list) is an answer in which no choice is picked.
- number: by relative spread, the interquartile range over the median: `consensus` when it is at
  most `number_relative_spread` (0.5), else `no_consensus`. 240, 255 and 260 agree; 20 and 200
  do not. The flow's bands only label the distribution.
- free text: `not_judged`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flows.engine.answers import is_dont_know
from flows.engine.evidence import band_index
from flows.engine.model import AnswerValue, Status, Thresholds
from flows.schema import Band, Question, QuestionKind

OUTSIDE_BANDS = "outside the bands"
NONE_OF_THESE = "None of these"
SCALE_POINTS = 5
EN_DASH = "\u2013"  # band labels read "10 to 49" with a typographic dash, as people write ranges
_EPSILON = 1e-9  # so that 3 of 4 is "at least 0.75" whatever the float rounding


@dataclass(frozen=True)
class Judgement:
    status: Status
    distribution: dict[str, int]
    top_share: float | None = None
    avg_deviation: float | None = None
    relative_spread: float | None = None  # numbers: interquartile range over the median


def scale_deviation_limit(points: int = SCALE_POINTS) -> float:
    """Burke and Dunlap's (2002) practical limit for the average deviation: c/6 for c points."""
    return points / 6


def judge(question: Question, given: Sequence[AnswerValue], thresholds: Thresholds) -> Judgement:
    values = known(given)
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
        case QuestionKind.NUMBER:
            numbers = [float(v) for v in values if isinstance(v, int | float)]
            return _judge_number(numbers, distribution, thresholds)
    top_share = max(distribution.values()) / len(values)
    return Judgement(_consensus_or_not(top_share, thresholds), distribution, top_share)


def known(values: Sequence[AnswerValue]) -> list[AnswerValue]:
    """The answers that can be judged and scored: all but "don't know"."""
    return [v for v in values if not is_dont_know(v)]


def is_judged(question: Question) -> bool:
    return question.kind is not QuestionKind.FREE_TEXT


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
            picked = {c.label: picks[c.value] for c in question.choices or []}
            nothing = sum(1 for value in values if value == [])
            return picked | ({NONE_OF_THESE: nothing} if nothing else {})
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
    if _reaches(top_share, thresholds.consensus_share) and deviation <= scale_deviation_limit() + _EPSILON:
        status: Status = "consensus"
    elif (
        n >= thresholds.polarised_panel
        and _reaches(groups[0] / n, thresholds.polarised_share)
        and _reaches(groups[2] / n, thresholds.polarised_share)
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


def _judge_number(numbers: list[float], distribution: dict[str, int], thresholds: Thresholds) -> Judgement:
    spread = relative_spread(numbers)
    agreed = spread is not None and spread <= thresholds.number_relative_spread + _EPSILON
    return Judgement("consensus" if agreed else "no_consensus", distribution, relative_spread=spread)


def relative_spread(numbers: Sequence[float]) -> float | None:
    """The interquartile range over the size of the median; None when the median is 0 and the
    answers still differ (no relative spread exists), 0 when every answer is the same."""
    if len(numbers) < 2:
        return 0.0
    low, _, high = statistics.quantiles(numbers, n=4, method="inclusive")
    middle = abs(statistics.median(numbers))
    if high - low <= _EPSILON:
        return 0.0
    return (high - low) / middle if middle > 0 else None


def _consensus_or_not(top_share: float, thresholds: Thresholds) -> Status:
    return "consensus" if _reaches(top_share, thresholds.consensus_share) else "no_consensus"


def _reaches(share: float, threshold: float) -> bool:
    return share >= threshold - _EPSILON
