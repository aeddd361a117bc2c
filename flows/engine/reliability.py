"""Krippendorff's alpha for the whole panel, as a diagnostic beside the per-question agreement.

Each question is a unit and each member a coder; "don't know" is left out like a missing answer.
Only questions that share an answer set are pooled into one coincidence matrix:

- ordinal: the scale questions (all on the same five points);
- nominal: the yes/no questions with every choice of a multiple-choice question as a picked-or-not
  unit (all true or false), and the single-choice questions grouped by their set of choices. A
  single-choice question whose choices no other question shares is left out: within one unit the
  expected disagreement is that unit's own, so it would only pull alpha towards 0.

The nominal groups are combined with `pooled_alpha`, each group's expected disagreement taken from
its own answers, so a panel answering at random reads about 0 and a panel split evenly on every
question reads below 0.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from flows.engine.agreement import known
from flows.engine.alpha import Metric, pooled_alpha
from flows.engine.model import Alpha, AnswerValue
from flows.kinds.base import BINARY, ORDINAL
from flows.kinds.registry import plugin_for
from flows.schema import Flow

Units = list[list[Hashable]]


def alpha_of(flow: Flow, answers: Mapping[str, list[AnswerValue]]) -> Alpha:
    pools: dict[str | frozenset[str], Units] = {ORDINAL: [], BINARY: []}
    for question in flow.questions:
        values = known(answers.get(question.id, []))
        for pool, unit in plugin_for(question.kind).alpha_units(question, values):
            pools.setdefault(pool, []).append(unit)
    by_choices = {pool: units for pool, units in pools.items() if isinstance(pool, frozenset)}
    nominal: list[tuple[Units, Metric]] = [(pools[BINARY], "nominal")]
    in_order = sorted(by_choices.items(), key=lambda kv: sorted(kv[0]))
    shared = [units for _, units in in_order if len(units) > 1]
    nominal += [(units, "nominal") for units in shared]
    return Alpha(ordinal=pooled_alpha([(pools[ORDINAL], "ordinal")]), nominal=pooled_alpha(nominal))
