"""What-ifs that test whether the recommendation rests on a knife edge. Each case says which option
it would recommend (or that it ends in a tie) and whether that differs from the analysis's own
outcome (an option, or a tie).

1. `answer_switched`: one disputed question, everyone who answered it giving one of the answers the
   panel gave (each answer group in turn, the largest and the tied sides included), with
   `show_when` applied to the switched answers (see `flows.engine.switching`). A question with a
   switch that changes the outcome is decisive.
2. `all_switched`: every disputed question at once, each switched to the answer given that most
   favours one challenger (an option other than the recommended one, or, in a tie, one tied option
   against the others); one case per challenger, when there are two or more disputed questions.
3. `missing_filled`: every missing answer (visible, weight-bearing, unanswered by a member who did
   not decline; "don't know" is an answer, not missing) filled with the answer that most favours the
   runner-up over the leader. Not tried on a tie.
4. `weight_halved` and `weight_raised`: one weight-bearing question's weights times 0.5 and 1.5.

Questions the facilitator decided are not switched: the decision stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballot
from flows.engine.evidence import Vector, add, evidence_for, most_favouring, scaled
from flows.engine.model import AnswerValue, Decision, SensitivityCase
from flows.engine.scoring import Ranking, Tally, rank, shares_of
from flows.engine.switching import AnswerGroup, Rescorer, answer_groups
from flows.engine.text import short
from flows.engine.wording import answer_label, quoted_answer
from flows.schema import Flow, Question

SINGLE_SWITCH = "answer_switched"
ALL_SWITCHED = "all_switched"


def sensitivity_cases(
    flow: Flow,
    totals: Tally,
    baseline: Ranking,
    disputed: Sequence[Question],
    ballots: Sequence[Ballot],
    decisions: Mapping[str, Decision],
) -> list[SensitivityCase]:
    judge = _Judge(flow, totals, baseline)
    rescorer = Rescorer(flow, ballots, totals, decisions)
    cases: list[SensitivityCase] = []
    switchable: dict[str, list[AnswerGroup]] = {}
    for question in disputed:
        decision = decisions.get(question.id)
        if decision is not None and decision.value is not None:
            continue
        groups = answer_groups(flow, question, ballots)
        if len(groups) < 2:  # everyone now gives the same answer: there is nothing to switch to
            continue
        switchable[question.id] = groups
        total = sum(g.members for g in groups)
        for group in groups:
            answer = quoted_answer(question, group.value)
            description = (
                f"Everyone who answered {short(question.text)} answers {answer}, "
                f"as {group.members} of {total} did."
            )
            ranking = rescorer.ranking({question.id: group.value})
            case = judge.case(SINGLE_SWITCH, description, ranking, question)
            held = {
                "answer": answer_label(question, group.value),
                "holders": group.members,
                "answered": total,
            }
            cases.append(case.model_copy(update=held))
    if len(switchable) >= 2:
        cases += _all_switched(flow, baseline, switchable, rescorer, judge)
    if baseline.winner is not None:
        filled = _filled_missing(flow, totals, baseline, decisions)
        if filled:
            description = "Every missing answer is filled in with the answer that most favours the runner-up."
            ranking = rank(shares_of(totals.scores(filled, filled=True)))
            cases.append(judge.case("missing_filled", description, ranking))
    return cases + _reweighted(flow, totals, judge)


def _all_switched(
    flow: Flow,
    baseline: Ranking,
    switchable: Mapping[str, list[AnswerGroup]],
    rescorer: Rescorer,
    judge: _Judge,
) -> list[SensitivityCase]:
    everyone = range(len(flow.options))
    if baseline.winner is not None:
        challenges = [(c, [baseline.winner]) for c in everyone if c != baseline.winner]
    else:
        challenges = [(c, [o for o in baseline.tied if o != c]) for c in baseline.tied]
    cases: list[SensitivityCase] = []
    for challenger, against in challenges:
        switches: dict[str, AnswerValue] = {}
        for question_id, groups in switchable.items():
            best = max(groups, key=lambda g: g.evidence[challenger] - max(g.evidence[o] for o in against))
            switches[question_id] = best.value
        label = flow.options[challenger].label
        description = f"Every disputed question takes the answer given that most favours {label}."
        cases.append(judge.case(ALL_SWITCHED, description, rescorer.ranking(switches)))
    return cases


def _reweighted(flow: Flow, totals: Tally, judge: _Judge) -> list[SensitivityCase]:
    cases: list[SensitivityCase] = []
    for question in flow.questions:
        if question.id not in totals.totals:
            continue
        for name, factor, change in (
            ("weight_halved", 0.5, "halved"),
            ("weight_raised", 1.5, "raised by half"),
        ):
            description = f"The weights of {short(question.text)} are {change}."
            replaced = {question.id: scaled(totals.totals[question.id], factor)}
            cases.append(judge.case(name, description, rank(shares_of(totals.scores(replaced))), question))
    return cases


class _Judge:
    def __init__(self, flow: Flow, totals: Tally, baseline: Ranking) -> None:
        self._options = flow.option_ids
        self._baseline = baseline

    def case(
        self, name: str, description: str, ranking: Ranking, question: Question | None = None
    ) -> SensitivityCase:
        winner = ranking.winner
        return SensitivityCase(
            name=name,
            description=description,
            option_id=None if winner is None else self._options[winner],
            flipped=winner != self._baseline.winner,
            question_id=question.id if question else None,
            tied=[self._options[i] for i in ranking.tied],
        )


def _filled_missing(
    flow: Flow, totals: Tally, baseline: Ranking, decisions: Mapping[str, Decision]
) -> dict[str, Vector]:
    filled: dict[str, Vector] = {}
    for question in flow.questions:
        missing = totals.missing_weight.get(question.id, 0.0)
        if missing <= 0:
            continue
        decision = decisions.get(question.id)
        if decision is not None and is_dont_know(decision.value):
            continue  # decided as not known: a filled-in answer would give no evidence
        fill: Vector | None
        if decision is not None and decision.value is not None:  # the decision stands for everyone
            fill = evidence_for(question, decision.value, flow.option_ids)
        else:
            fill = most_favouring(question, baseline.second, baseline.best, flow.option_ids)
        if fill is not None:
            filled[question.id] = add(totals.totals[question.id], scaled(fill, missing))
    return filled
