"""From a stored panel to the answers that count.

A member's effective answers are their round-1 answers overlaid by their round-2 revisions.
Round 2 is for round-1 respondents only, as Delphi practice has it: a round-2 answer to a question
the member did not answer in round 1 does not count, so nobody's first answer can change a spread
others have already seen (the difference would be exactly that person's answer). Declined members
give no answers. Only answers to questions visible given the member's own
answers count. Members are taken in id order, so no sum, list or tie depends on storage order.
A member is *present* with at least one answer that can weigh on the decision: to a question that
carries weight, and not "don't know". Free text alone, or only "don't know", is not presence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from flows.engine.answers import is_dont_know, parse_answer
from flows.engine.model import Answer, AnswerValue, Decision, Member, Panel
from flows.engine.visibility import visible_questions
from flows.errors import InvalidAnswer, WorkshopError
from flows.schema import Flow, Question


@dataclass(frozen=True)
class Ballot:
    member: Member
    answers: dict[str, AnswerValue]  # visible answers only
    visible: list[Question]
    present: bool  # at least one weight-bearing answer that is not "don't know"


@dataclass(frozen=True)
class Ballots:
    effective: list[Ballot]  # non-declined members, by id
    round1: list[Ballot]
    members: list[Member]  # everyone invited, by id
    rationales: dict[str, list[str]]  # question id -> rationales from both rounds, sorted
    rationale_authors: dict[str, int]  # question id -> how many members wrote those rationales
    decisions: dict[str, Decision]  # the last decision on each question


def read_panel(flow: Flow, panel: Panel) -> Ballots:
    members = sorted(panel.members, key=lambda m: m.id)
    _check_members(members, panel)
    questions = {q.id: q for q in flow.questions}
    weighing = weighing_ids(flow)
    effective: list[Ballot] = []
    round1: list[Ballot] = []
    rationales: dict[str, list[str]] = {}
    authors: dict[str, set[str]] = {}
    parse = _Parser()
    for member in members:
        if member.declined:
            continue
        first = _parsed(flow, questions, parse, member.id, panel.round1.get(member.id, {}))
        second = {q: a for q, a in panel.round2.get(member.id, {}).items() if q in first}
        revised = _parsed(flow, questions, parse, member.id, second)
        round1.append(ballot_of(flow, member, first, weighing))
        effective.append(ballot_of(flow, member, first | revised, weighing) if revised else round1[-1])
        for stored in (panel.round1.get(member.id, {}), second):
            for question_id, answer in stored.items():
                if answer.rationale and answer.rationale.strip():
                    rationales.setdefault(question_id, []).append(answer.rationale)
                    authors.setdefault(question_id, set()).add(member.id)
    return Ballots(
        effective=effective,
        round1=round1,
        members=members,
        rationales={q: sorted(texts) for q, texts in rationales.items()},
        rationale_authors={q: len(members) for q, members in authors.items()},
        decisions=_decisions(flow, questions, panel),
    )


def weighing_ids(flow: Flow) -> frozenset[str]:
    return frozenset(q.id for q in flow.questions if q.carries_weight)


def ballot_of(
    flow: Flow, member: Member, answers: dict[str, AnswerValue], weighing: frozenset[str]
) -> Ballot:
    """A member's ballot from their answers: only the answers to questions their own answers show."""
    visible = visible_questions(flow, answers)
    counted = {q.id: answers[q.id] for q in visible if q.id in answers}
    present = any(q in weighing and not is_dont_know(v) for q, v in counted.items())
    return Ballot(member, counted, visible, present)


class _Parser:
    """`parse_answer`, remembered per (question, value): a panel repeats the same few answers."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, type, Hashable], AnswerValue] = {}

    def __call__(self, question: Question, raw: AnswerValue) -> AnswerValue:
        # The type is part of the key: True == 1, but they are different answers.
        key = (question.id, type(raw), tuple(raw) if isinstance(raw, list) else raw)
        if key not in self._known:
            self._known[key] = parse_answer(question, raw)
        return self._known[key]


def _parsed(
    flow: Flow,
    questions: Mapping[str, Question],
    parse: _Parser,
    member_id: str,
    stored: Mapping[str, Answer],
) -> dict[str, AnswerValue]:
    parsed: dict[str, AnswerValue] = {}
    for question_id, answer in stored.items():
        if question_id not in questions:
            raise InvalidAnswer(
                f"member '{member_id}' answered question '{question_id}', which flow '{flow.id}' "
                f"version {flow.version} does not have.",
                "Analyse the answers with the flow version they were given to.",
            )
        try:
            parsed[question_id] = parse(questions[question_id], answer.value)
        except InvalidAnswer as error:
            raise InvalidAnswer(f"member '{member_id}', {error.problem}", error.fix) from error
    return parsed


def _check_members(members: list[Member], panel: Panel) -> None:
    ids = Counter(m.id for m in members)
    repeated = sorted(i for i, count in ids.items() if count > 1)
    if repeated:
        raise WorkshopError(
            f"member id '{repeated[0]}' appears more than once on the panel.", "Give each member one id."
        )
    for round_name, answers in (("round 1", panel.round1), ("round 2", panel.round2)):
        strangers = sorted(set(answers) - set(ids))
        if strangers:
            raise InvalidAnswer(
                f"{round_name} holds answers from '{strangers[0]}', who is not a member of the panel.",
                "Add them to the panel's members or leave their answers out.",
            )


def _decisions(flow: Flow, questions: Mapping[str, Question], panel: Panel) -> dict[str, Decision]:
    decisions: dict[str, Decision] = {}
    for decision in panel.decisions:
        question = questions.get(decision.question_id)
        if question is None:
            raise InvalidAnswer(
                f"a decision names question '{decision.question_id}', which flow '{flow.id}' does not have.",
                f"Decide one of its questions: {', '.join(questions)}.",
            )
        if decision.value is not None:
            try:
                value = parse_answer(question, decision.value)
            except InvalidAnswer as error:
                raise InvalidAnswer(f"the facilitator's decision on {error.problem}", error.fix) from error
            decision = decision.model_copy(update={"value": value})
        decisions[decision.question_id] = decision
    return decisions
