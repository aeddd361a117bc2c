"""Re-scoring a panel with some questions' answers switched, as the sensitivity analysis needs.

An *answer group* of a question is the members who gave answers that are the same to the engine:
the same evidence, and the same outcome for every `show_when` rule that tests the question. Any
answer of a group stands for all of it; the one most members gave is shown.

A switch replaces the answer of every member whose answer to the question counts ("don't know"
stays "don't know"), then applies `show_when` again: answers to questions the switched answer hides
are dropped, and questions it reveals stay unanswered. A question nothing depends on is switched
by recombining the per-question totals (cheap); one that opens or hides others is re-tallied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballot, ballot_of, weighing_ids
from flows.engine.evidence import Vector, evidence_for, evidence_key, scaled
from flows.engine.model import AnswerValue, Decision
from flows.engine.scoring import Ranking, Tally, rank, shares_of, tally
from flows.engine.visibility import rule_holds, rules_on
from flows.schema import Flow, Question


@dataclass(frozen=True)
class AnswerGroup:
    value: AnswerValue  # the answer shown for the group: the one most of its members gave
    members: int
    evidence: Vector


def answer_groups(flow: Flow, question: Question, ballots: Sequence[Ballot]) -> list[AnswerGroup]:
    """The question's answer groups, largest first (then by their shown answer, so the order never
    depends on the members' order)."""
    rules = rules_on(flow, question.id)
    members: Counter[Hashable] = Counter()
    values: dict[Hashable, Counter[Hashable]] = {}
    originals: dict[Hashable, AnswerValue] = {}
    for ballot in ballots:
        value = ballot.answers.get(question.id)
        if value is None or is_dont_know(value):
            continue
        key = (evidence_key(question, value), tuple(rule_holds(r, {question.id: value}) for r in rules))
        members[key] += 1
        hashable = _hashable(value)
        values.setdefault(key, Counter())[hashable] += 1
        originals.setdefault(hashable, value)
    groups: list[AnswerGroup] = []
    for key, count in members.items():
        shown = min(values[key].items(), key=lambda item: (-item[1], repr(item[0])))[0]
        value = originals[shown]
        groups.append(AnswerGroup(value, count, evidence_for(question, value, flow.option_ids)))
    groups.sort(key=lambda g: (-g.members, repr(_hashable(g.value))))
    return groups


class Rescorer:
    """The ranking of the options with some questions' answers switched."""

    def __init__(
        self, flow: Flow, ballots: Sequence[Ballot], totals: Tally, decisions: Mapping[str, Decision]
    ) -> None:
        self._flow = flow
        self._ballots = ballots
        self._tally = totals
        self._decisions = decisions
        self._weighing = weighing_ids(flow)
        self._opens_others = {q.id for q in flow.questions if rules_on(flow, q.id)}

    def ranking(self, switches: Mapping[str, AnswerValue]) -> Ranking:
        if self._opens_others.isdisjoint(switches):
            replaced = {
                question_id: scaled(
                    evidence_for(self._flow.question(question_id), value, self._flow.option_ids),
                    self._tally.answer_weight[question_id],
                )
                for question_id, value in switches.items()
            }
            return rank(shares_of(self._tally.scores(replaced)))
        switched = [self._switched(ballot, switches) for ballot in self._ballots]
        return rank(shares_of(tally(self._flow, switched, self._decisions).scores()))

    def _switched(self, ballot: Ballot, switches: Mapping[str, AnswerValue]) -> Ballot:
        changed = {
            question_id: value
            for question_id, value in switches.items()
            if question_id in ballot.answers and not is_dont_know(ballot.answers[question_id])
        }
        if not changed:
            return ballot
        return ballot_of(self._flow, ballot.member, ballot.answers | changed, self._weighing)


def _hashable(value: AnswerValue) -> Hashable:
    # The type is part of the key: True == 1, but they are different answers.
    return (type(value).__name__, tuple(value) if isinstance(value, list) else value)
