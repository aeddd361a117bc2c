"""What-ifs that test whether the recommendation rests on a knife edge. Each case re-scores the
panel from the per-question totals, so a case costs O(questions x options).

1. `minority_view`: one disputed question, everyone's answer replaced by the minority view.
   A question whose switch flips the recommendation is decisive.
2. `all_minority_views`: every disputed question switched at once (when there are two or more).
3. `missing_filled`: every missing answer (visible, weight-bearing, unanswered by a member who did
   not decline) filled with the answer that most favours the runner-up over the leader.
4. `weight_halved` and `weight_raised`: one weight-bearing question's weights times 0.5 and 1.5.

Questions the facilitator decided are not switched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flows.engine.evidence import Vector, add, evidence_for, most_favouring, scaled
from flows.engine.minority import minority_view
from flows.engine.model import AnswerValue, Decision, SensitivityCase
from flows.engine.scoring import Ranking, Tally, rank, shares_of
from flows.engine.wording import describe_answer, short
from flows.schema import Flow, Question


def sensitivity_cases(
    flow: Flow,
    tally: Tally,
    baseline: Ranking,
    disputed: Sequence[Question],
    answers: Mapping[str, list[AnswerValue]],
    decisions: Mapping[str, Decision],
) -> list[SensitivityCase]:
    judge = _Judge(flow, tally, baseline)
    cases: list[SensitivityCase] = []
    switches: dict[str, Vector] = {}
    for question in disputed:
        decision = decisions.get(question.id)
        if decision is not None and decision.value is not None:
            continue
        view = minority_view(question, answers[question.id])
        if view is None:  # everyone now gives the same answer: there is nothing to switch to
            continue
        weight = tally.answer_weight[question.id]
        switches[question.id] = scaled(evidence_for(question, view, flow.option_ids), weight)
        view_text = describe_answer(question, view)
        description = f"Everyone answers {short(question.text)} with the minority view: {view_text}."
        cases.append(judge.case("minority_view", description, {question.id: switches[question.id]}, question))
    if len(switches) >= 2:
        description = "Every disputed question takes its minority view."
        cases.append(judge.case("all_minority_views", description, switches))
    filled = _filled_missing(flow, tally, baseline, decisions)
    if filled:
        description = "Every missing answer is filled in with the answer that most favours the runner-up."
        cases.append(judge.case("missing_filled", description, filled, filled_in=True))
    return cases + _reweighted(flow, tally, judge)


def _reweighted(flow: Flow, tally: Tally, judge: _Judge) -> list[SensitivityCase]:
    cases: list[SensitivityCase] = []
    for question in flow.questions:
        if question.id not in tally.totals:
            continue
        for name, factor, change in (
            ("weight_halved", 0.5, "halved"),
            ("weight_raised", 1.5, "raised by half"),
        ):
            description = f"The weights of {short(question.text)} are {change}."
            replaced = {question.id: scaled(tally.totals[question.id], factor)}
            cases.append(judge.case(name, description, replaced, question))
    return cases


class _Judge:
    def __init__(self, flow: Flow, tally: Tally, baseline: Ranking) -> None:
        self._options = flow.option_ids
        self._tally = tally
        self._baseline = baseline

    def case(
        self,
        name: str,
        description: str,
        replaced: Mapping[str, Vector],
        question: Question | None = None,
        filled_in: bool = False,
    ) -> SensitivityCase:
        ranking = rank(shares_of(self._tally.scores(replaced, filled=filled_in)))
        return SensitivityCase(
            name=name,
            description=description,
            option_id=self._options[ranking.best],
            flipped=ranking.best != self._baseline.best,
            question_id=question.id if question else None,
        )


def _filled_missing(
    flow: Flow, tally: Tally, baseline: Ranking, decisions: Mapping[str, Decision]
) -> dict[str, Vector]:
    filled: dict[str, Vector] = {}
    for question in flow.questions:
        missing = tally.missing_weight.get(question.id, 0.0)
        if missing <= 0:
            continue
        decision = decisions.get(question.id)
        if decision is not None and decision.value is not None:  # the decision stands for everyone
            fill = evidence_for(question, decision.value, flow.option_ids)
        else:
            fill = most_favouring(question, baseline.second, baseline.best, flow.option_ids)
        if fill is not None:
            filled[question.id] = add(tally.totals[question.id], scaled(fill, missing))
    return filled
