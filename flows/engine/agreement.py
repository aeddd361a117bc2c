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

from collections.abc import Sequence

from flows.engine.answers import is_dont_know
from flows.engine.model import AnswerValue, Thresholds
from flows.kinds.consensus import Judgement as Judgement
from flows.kinds.number import relative_spread as relative_spread
from flows.kinds.registry import plugin_for
from flows.kinds.scale import deviation_limit
from flows.schema import Question

scale_deviation_limit = deviation_limit  # Burke and Dunlap's limit, c/6 for c scale points


def judge(question: Question, given: Sequence[AnswerValue], thresholds: Thresholds) -> Judgement:
    values = known(given)
    plugin = plugin_for(question.kind)
    distribution = plugin.distribution(question, values)
    if not is_judged(question):
        return Judgement("not_judged", distribution)
    if len(values) < thresholds.min_answers:
        return Judgement("insufficient", distribution)
    return plugin.judge(question, values, distribution, thresholds)


def known(values: Sequence[AnswerValue]) -> list[AnswerValue]:
    """The answers that can be judged and scored: all but "don't know"."""
    return [v for v in values if not is_dont_know(v)]


def is_judged(question: Question) -> bool:
    return not plugin_for(question.kind).own_words


def distribution_of(question: Question, values: Sequence[AnswerValue]) -> dict[str, int]:
    """Answer label -> count, in the flow's order of answers; empty for unjudged kinds."""
    return plugin_for(question.kind).distribution(question, values)
