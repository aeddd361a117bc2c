"""The whole analysis of a panel's answers to a flow: agreement, scores, sensitivity, confidence.

Disputes are found in round 1: a weight-bearing question at `no_consensus` or `polarised`. The
status reported for every question, and the overall agreement, are judged on the effective
answers (round 1 overlaid by round 2). A disputed question's resolution is `revised` when the
effective answers reach consensus, else `decided` when the facilitator gave a value, `left_open`
when the facilitator decided to leave it, and `open` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.agreement import Judgement, is_judged, judge, known
from flows.engine.answers import is_dont_know
from flows.engine.ballots import Ballot, Ballots, read_panel
from flows.engine.confidence import Standing, judge_confidence
from flows.engine.evidence import Vector
from flows.engine.model import (
    Analysis,
    AnswerValue,
    Decision,
    Panel,
    Participation,
    QuestionResult,
    Recommendation,
    Resolution,
    SensitivityCase,
    Thresholds,
)
from flows.engine.participation import participation_of
from flows.engine.reliability import alpha_of
from flows.engine.scoring import Ranking, rank, shares_of, tally
from flows.engine.sensitivity import SINGLE_SWITCH, sensitivity_cases
from flows.engine.signals import signals_for
from flows.engine.verdict import NO_OPTION_FAVOURED, blockers, missing_evidence, tie_breakers, tie_sentence
from flows.engine.wording import answer_label
from flows.kinds.registry import plugin_for
from flows.schema import Flow, Question

_DISPUTED = {"no_consensus", "polarised"}


# Thresholds is frozen, so one shared default instance is safe.
def analyse(flow: Flow, panel: Panel, thresholds: Thresholds = Thresholds()) -> Analysis:  # noqa: B008
    ballots = read_panel(flow, panel)
    effective = _answers_by_question(flow, ballots.effective)
    judgements = {q.id: judge(q, effective[q.id], thresholds) for q in flow.questions}
    disputed = _disputed(flow, ballots, judgements, thresholds)
    disputed_ids = {q.id for q in disputed}
    totals = tally(flow, ballots.effective, ballots.decisions)
    scores = totals.scores()
    shares = shares_of(scores)
    ranking = rank(shares)
    participation = participation_of(flow, ballots)
    missing = missing_evidence(flow, participation, totals.counted, thresholds)
    if not missing and not any(scores):
        missing = [NO_OPTION_FAVOURED]
    cases = (
        []
        if missing
        else sensitivity_cases(flow, totals, ranking, disputed, ballots.effective, ballots.decisions)
    )
    decisive = {c.question_id for c in cases if c.name == SINGLE_SWITCH and c.flipped}
    results = [
        _result(q, judgements[q.id], effective[q.id], ballots, q.id in disputed_ids, q.id in decisive)
        for q in flow.questions
    ]
    agreed, judged = _agreement(flow, judgements)
    agreement = agreed / judged if judged else 0.0
    analysis = Analysis(
        flow_id=flow.id,
        flow_version=flow.version,
        scores=dict(zip(flow.option_ids, scores, strict=True)),
        shares=dict(zip(flow.option_ids, shares, strict=True)),
        agreement=agreement,
        judged=judged,
        agreed=agreed,
        alpha=alpha_of(flow, effective),
        participation=participation,
        questions=results,
        sensitivity=cases,
        recommendation=_no_recommendation(flow, participation, missing, ranking.margin),
    )
    if missing:
        return analysis
    if ranking.winner is None:
        return analysis.model_copy(update={"recommendation": _tie(flow, ranking, shares, cases)})
    leader, runner_up = flow.options[ranking.best], flow.options[ranking.second]
    verdict = judge_confidence(
        flow,
        Standing(
            participation=participation,
            agreement=agreement,
            margin=ranking.margin,
            leader=leader.label,
            runner_up=runner_up.label,
            cases=cases,
            disputed=[r for r in results if r.disputed],
            decided=[q for q, d in ballots.decisions.items() if d.value is not None],
        ),
        thresholds,
    )
    recommendation = Recommendation(
        option_id=leader.id,
        label=leader.label,
        confidence=verdict.confidence,
        margin=ranking.margin,
        reasons=verdict.reasons,
        signals=signals_for(flow, totals, ranking.best, ballots.decisions),
        risks=leader.risks,
    )
    return analysis.model_copy(update={"recommendation": recommendation})


def _no_recommendation(
    flow: Flow, participation: Participation, missing: list[str], margin: float
) -> Recommendation:
    return Recommendation(
        option_id=None,
        label=None,
        confidence=None,
        margin=margin,
        reasons=[],
        signals=[],
        risks=[],
        blocked_by=blockers(flow, participation),
        missing=missing,
    )


def _tie(flow: Flow, ranking: Ranking, shares: Vector, cases: list[SensitivityCase]) -> Recommendation:
    tied = [flow.options[i] for i in ranking.tied]
    return Recommendation(
        option_id=None,
        label=None,
        confidence=None,
        margin=0.0,
        reasons=[],
        signals=[],
        risks=[],
        missing=[tie_sentence([o.label for o in tied], shares[ranking.best])],
        tied=[o.id for o in tied],
        tie_breakers=tie_breakers(flow, cases),
    )


def _disputed(
    flow: Flow, ballots: Ballots, effective: Mapping[str, Judgement], thresholds: Thresholds
) -> list[Question]:
    """Weight-bearing questions without consensus in round 1."""
    revised = any(r is not e for r, e in zip(ballots.round1, ballots.effective, strict=True))
    if revised:
        first_round = _answers_by_question(flow, ballots.round1)
        judged = {q.id: judge(q, first_round[q.id], thresholds) for q in flow.questions}
    else:
        judged = dict(effective)
    return [q for q in flow.questions if q.carries_weight and judged[q.id].status in _DISPUTED]


def _answers_by_question(flow: Flow, ballots: list[Ballot]) -> dict[str, list[AnswerValue]]:
    answers: dict[str, list[AnswerValue]] = {q.id: [] for q in flow.questions}
    for ballot in ballots:
        for question_id, value in ballot.answers.items():
            answers[question_id].append(value)
    return answers


def _result(
    question: Question,
    judgement: Judgement,
    values: list[AnswerValue],
    ballots: Ballots,
    disputed: bool,
    decisive: bool,
) -> QuestionResult:
    decision = ballots.decisions.get(question.id)
    decided_value = decision.value if decision is not None else None
    return QuestionResult(
        question_id=question.id,
        kind=question.kind.value,
        answered=len(values),
        status=judgement.status,
        distribution=judgement.distribution,
        top_share=judgement.top_share,
        avg_deviation=judgement.avg_deviation,
        relative_spread=judgement.relative_spread,
        disputed=disputed,
        decisive=decisive,
        resolution=_resolution(judgement, decision) if disputed else None,
        decided=None if decided_value is None else answer_label(question, decided_value),
        decision_rationale=None if decision is None or decided_value is None else decision.rationale,
        dont_know=sum(1 for v in values if is_dont_know(v)),
        rationales=ballots.rationales.get(question.id, []) if disputed else [],
        rationale_authors=ballots.rationale_authors.get(question.id, 0) if disputed else 0,
        free_text=sorted(map(str, known(values))) if plugin_for(question.kind).own_words else [],
    )


def _resolution(judgement: Judgement, decision: Decision | None) -> Resolution:
    if judgement.status == "consensus":
        return "revised"
    if decision is None:
        return "open"
    return "decided" if decision.value is not None else "left_open"


def _agreement(flow: Flow, judgements: Mapping[str, Judgement]) -> tuple[int, int]:
    """Of the weight-bearing questions judged, how many reached consensus, and how many there were."""
    judged = [
        judgements[q.id]
        for q in flow.questions
        if q.carries_weight and is_judged(q) and judgements[q.id].status != "insufficient"
    ]
    return sum(j.status == "consensus" for j in judged), len(judged)
