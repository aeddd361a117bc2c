"""Re-scoring a panel with some questions' answers switched, as the sensitivity analysis needs.

An *answer group* of a question is the members who gave answers that are the same to the engine:
the same evidence, and the same outcome for every `show_when` rule that tests the question. Any
answer of a group stands for all of it; the one most members gave is shown.

A switch replaces the answer of every member whose answer to the question counts ("don't know"
stays "don't know"), then applies `show_when` again: answers to questions the switched answer hides
are dropped, and questions it reveals stay unanswered. Scoring is linear, so a switch is the
per-question totals recombined, less the evidence of the answers it hides: only the members who
answered a question that opens others are looked at one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballot
from flows.engine.evidence import Vector, evidence_for, evidence_key, scaled
from flows.engine.model import AnswerValue, Decision
from flows.engine.scoring import Ranking, Tally, rank, shares_of
from flows.engine.visibility import is_visible, rule_holds, rules_on, rules_on_one
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
    keys: dict[Hashable, Hashable] = {}  # a panel repeats the same few answers: key each once
    for ballot in ballots:
        value = ballot.answers.get(question.id)
        if value is None or is_dont_know(value):
            continue
        hashable = _hashable(value)
        key = keys.get(hashable)
        if key is None:
            rule_outcomes = tuple(rule_holds(r, {question.id: value}) for r in rules)
            key = keys.setdefault(hashable, (evidence_key(question, value), rule_outcomes))
            originals[hashable] = value
        members[key] += 1
        values.setdefault(key, Counter())[hashable] += 1
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
        self._decided = {q: d.value for q, d in decisions.items() if d.value is not None}
        self._dependents = _dependents(flow)

    def ranking(self, switches: Mapping[str, AnswerValue]) -> Ranking:
        option_ids = self._flow.option_ids
        replaced = {
            question_id: scaled(
                evidence_for(self._flow.question(question_id), value, option_ids),
                self._tally.answer_weight[question_id],
            )
            for question_id, value in switches.items()
        }
        opened = [q for q in self._flow.questions if any(q.id in self._dependents[s] for s in switches)]
        if opened:
            for ballot in self._ballots:
                self._drop_hidden(ballot, switches, opened, replaced)
        return rank(shares_of(self._tally.scores(replaced)))

    def _drop_hidden(
        self,
        ballot: Ballot,
        switches: Mapping[str, AnswerValue],
        opened: Sequence[Question],
        replaced: dict[str, Vector],
    ) -> None:
        """Take out of `replaced` the evidence of this member's answers that the switch hides. Only
        answers can disappear: a question the switch reveals has none. Dependents come later in the
        flow than what they depend on, so one pass in flow order sees every earlier removal."""
        changed = {
            q: v for q, v in switches.items() if q in ballot.answers and not is_dont_know(ballot.answers[q])
        }
        if not changed:
            return
        answers = ballot.answers | changed
        for question in opened:
            if question.id not in answers or is_visible(question, answers):
                continue
            own = answers.pop(question.id)
            if question.id not in self._tally.totals or is_dont_know(own):
                continue
            scored = self._decided.get(question.id, own)
            lost = scaled(evidence_for(question, scored, self._flow.option_ids), ballot.member.weight)
            current = replaced.get(question.id, self._tally.totals[question.id])
            replaced[question.id] = tuple(c - x for c, x in zip(current, lost, strict=True))


def _dependents(flow: Flow) -> dict[str, frozenset[str]]:
    """Question id -> the questions whose visibility depends on its answer, directly or not."""
    direct = {
        q.id: {r.id for r in flow.questions if r.show_when is not None and rules_on_one(r, q.id)}
        for q in flow.questions
    }
    closed: dict[str, frozenset[str]] = {}
    for question in reversed(flow.questions):  # dependents come later, so theirs are already closed
        reach = set(direct[question.id])
        for dependent in direct[question.id]:
            reach |= closed[dependent]
        closed[question.id] = frozenset(reach)
    return closed


def _hashable(value: AnswerValue) -> Hashable:
    # The type is part of the key: True == 1, but they are different answers.
    return (type(value).__name__, tuple(value) if isinstance(value, list) else value)
