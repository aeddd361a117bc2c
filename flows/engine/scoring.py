"""Option scores. Scoring is linear, so the panel is summed once per question and every what-if
of the sensitivity analysis is a cheap recombination of those sums: O(questions x options).

    score(option) = sum over members m of w_m * sum over questions q of evidence(m, q)[option]
                    / total weight of the members present

"Don't know" gives no evidence and is not missing either. A facilitator's decision stands in the
scores in place of the answer of every member who answered that question, but the counts
(`counted`, `supporters`) are always the panel's own answers: a decision is never panel support.
Shares are scores over their sum (equal when every score is 0). Options whose shares are equal
within `_TIE` are tied: the ranking has no winner, whatever order the flow lists them in.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballot
from flows.engine.evidence import Vector, add, evidence_for, evidence_key, scaled, zero
from flows.engine.model import AnswerValue, Decision
from flows.schema import Flow, Question

_TIE = 1e-9  # shares closer than this are tied: float sums must not break ties by accident


@dataclass(frozen=True)
class Tally:
    totals: dict[str, Vector]  # question id -> sum of w * evidence, with decisions applied
    answer_weight: dict[str, float]  # question id -> weight of the members whose answer counts
    missing_weight: dict[str, float]  # question id -> weight of members who see it, unanswered
    counted: dict[str, int]  # question id -> members whose own answer counts (not "don't know")
    # question id -> per option, the members whose own answer backs it most
    supporters: dict[str, tuple[int, ...]]
    denominator: float  # weight of the members present
    fill_denominator: float  # the same, were every missing answer filled in

    def scores(self, replaced: Mapping[str, Vector] | None = None, filled: bool = False) -> Vector:
        """The scores, with some questions' totals `replaced`; `filled` divides by the weight the
        panel would have were every missing answer filled in."""
        replaced = replaced or {}
        vectors = [replaced.get(question_id, vector) for question_id, vector in self.totals.items()]
        total = vectors[0]  # a valid flow has at least one weight-bearing question
        for vector in vectors[1:]:
            total = add(total, vector)
        denominator = self.fill_denominator if filled else self.denominator
        return scaled(total, 1 / denominator) if denominator else scaled(total, 0.0)


@dataclass(frozen=True)
class Ranking:
    best: int  # the first of `tied` when there is a tie: never a recommendation on its own
    second: int
    margin: float  # 0 when tied
    tied: tuple[int, ...] = ()  # every option sharing the top share, when more than one does

    @property
    def winner(self) -> int | None:
        return None if self.tied else self.best


def tally(flow: Flow, ballots: Sequence[Ballot], decisions: Mapping[str, Decision]) -> Tally:
    """One pass over the members, pooling weight per distinct answer; then one evidence vector per
    distinct answer, so the vector arithmetic does not grow with the panel."""
    weighing = {q.id for q in flow.questions if q.carries_weight}
    decided = {q: d.value for q, d in decisions.items() if d.value is not None}
    pooled: dict[tuple[str, Hashable, Hashable], _Pool] = {}
    missing_weight = dict.fromkeys(weighing, 0.0)
    denominator = fill_denominator = 0.0
    for ballot in ballots:
        weight = ballot.member.weight
        missing_any = False
        for question in ballot.visible:
            if question.id not in weighing:
                continue
            if question.id not in ballot.answers:
                missing_weight[question.id] += weight
                missing_any = True
                continue
            own = ballot.answers[question.id]
            if is_dont_know(own):
                continue
            value = decided.get(question.id, own)
            key = (question.id, evidence_key(question, value), evidence_key(question, own))
            pool = pooled.get(key) or pooled.setdefault(key, _Pool(question, value, own))
            pool.weight += weight
            pool.members += 1
        denominator += weight if ballot.present else 0.0
        fill_denominator += weight if ballot.present or missing_any else 0.0
    return _summed(flow, weighing, pooled, missing_weight, denominator, fill_denominator)


@dataclass
class _Pool:
    """The members who gave one answer (by its evidence) to one question; `value` is what is
    scored (a decision, when there is one), `own` what they answered themselves."""

    question: Question
    value: AnswerValue
    own: AnswerValue
    weight: float = 0.0
    members: int = 0


def _summed(
    flow: Flow,
    weighing: set[str],
    pooled: dict[tuple[str, Hashable, Hashable], _Pool],
    missing_weight: dict[str, float],
    denominator: float,
    fill_denominator: float,
) -> Tally:
    option_ids = flow.option_ids
    ordered = [q.id for q in flow.questions if q.id in weighing]
    totals = {q: zero(option_ids) for q in ordered}
    answer_weight = dict.fromkeys(ordered, 0.0)
    counted = dict.fromkeys(ordered, 0)
    backing = {q: [0] * len(option_ids) for q in ordered}
    for (question_id, _, _), pool in pooled.items():
        vector = evidence_for(pool.question, pool.value, option_ids)
        if not is_dont_know(pool.value):  # a decision of "don't know" takes the evidence away
            totals[question_id] = add(totals[question_id], scaled(vector, pool.weight))
        answer_weight[question_id] += pool.weight
        counted[question_id] += pool.members
        strongest = _strict_best(evidence_for(pool.question, pool.own, option_ids))
        if strongest is not None:
            backing[question_id][strongest] += pool.members
    return Tally(
        totals=totals,
        answer_weight=answer_weight,
        missing_weight={q: missing_weight[q] for q in ordered},
        counted=counted,
        supporters={q: tuple(b) for q, b in backing.items()},
        denominator=denominator,
        fill_denominator=fill_denominator,
    )


def shares_of(scores: Vector) -> Vector:
    total = sum(scores)
    if total <= 0:
        return tuple(1 / len(scores) for _ in scores)
    return tuple(s / total for s in scores)


def rank(shares: Vector) -> Ranking:
    best = _first_highest(shares, exclude=None)
    second = _first_highest(shares, exclude=best)
    margin = shares[best] - shares[second]
    if margin >= _TIE:
        return Ranking(best, second, margin)
    tied = tuple(i for i, share in enumerate(shares) if share >= shares[best] - _TIE)
    return Ranking(best, second, 0.0, tied)


def _first_highest(shares: Vector, exclude: int | None) -> int:
    candidates = [i for i in range(len(shares)) if i != exclude]
    top = max(shares[i] for i in candidates)
    return next(i for i in candidates if shares[i] >= top - _TIE)


def _strict_best(vector: Vector) -> int | None:
    """The option this answer gives more evidence than any other, if there is one."""
    top = max(vector)
    leaders = [i for i, v in enumerate(vector) if v == top]
    return leaders[0] if len(leaders) == 1 and top > 0 else None
