"""Which questions a person sees, given their answers so far, and which section comes next.

A rule on a question that has no answer is false, except `answered: false`. Answers to questions
that are themselves hidden do not count: a stale answer left behind on an abandoned path must not
open questions further down that path.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine.model import AnswerValue
from flows.schema import AllOf, AnyOf, Condition, Flow, Not, Question, Rule, Section


def is_visible(question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    return question.show_when is None or holds(question.show_when, answers)


def holds(condition: Condition, answers: Mapping[str, AnswerValue]) -> bool:
    match condition:
        case Rule():
            return _rule_holds(condition, answers)
        case AllOf():
            return all(holds(c, answers) for c in condition.all)
        case AnyOf():
            return any(holds(c, answers) for c in condition.any)
        case Not():
            return not holds(condition.not_, answers)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def visible_answers(flow: Flow, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers that count: those to questions visible on the path the answers themselves take."""
    return {q.id: answers[q.id] for q in visible_questions(flow, answers) if q.id in answers}


def visible_questions(flow: Flow, answers: Mapping[str, AnswerValue]) -> list[Question]:
    shown: list[Question] = []
    counted: dict[str, AnswerValue] = {}
    for question in flow.questions:
        if is_visible(question, counted):
            shown.append(question)
            if question.id in answers:
                counted[question.id] = answers[question.id]
    return shown


def sections_for(flow: Flow, answers: Mapping[str, AnswerValue]) -> list[Section]:
    """The flow's sections cut down to their visible questions; sections left empty are dropped."""
    shown = {q.id for q in visible_questions(flow, answers)}
    sections: list[Section] = []
    for section in flow.sections:
        questions = [q for q in section.questions if q.id in shown]
        if questions:
            sections.append(section.model_copy(update={"questions": questions}))
    return sections


def next_section_index(flow: Flow, answers: Mapping[str, AnswerValue], current: int) -> int | None:
    """The index (in `flow.sections`) of the first section after `current` with a visible question,
    or None when the flow is finished. Pass -1 to ask for the first section."""
    if not -1 <= current < len(flow.sections):
        raise ValueError(f"section index {current} is outside 0..{len(flow.sections) - 1} (or -1 to start)")
    shown = {q.id for q in visible_questions(flow, answers)}
    for index in range(current + 1, len(flow.sections)):
        if any(q.id in shown for q in flow.sections[index].questions):
            return index
    return None


def rules_on(flow: Flow, question_id: str) -> list[Rule]:
    """Every rule, in every `show_when` of the flow, that tests the answer to `question_id`."""
    found: list[Rule] = []
    for question in flow.questions:
        if question.show_when is not None:
            found += [r for r in _rules(question.show_when) if r.question == question_id]
    return found


def rules_on_one(question: Question, question_id: str) -> bool:
    """Whether `question`'s own `show_when` tests the answer to `question_id`."""
    return question.show_when is not None and any(
        r.question == question_id for r in _rules(question.show_when)
    )


def _rules(condition: Condition) -> list[Rule]:
    match condition:
        case Rule():
            return [condition]
        case AllOf():
            return [r for c in condition.all for r in _rules(c)]
        case AnyOf():
            return [r for c in condition.any for r in _rules(c)]
        case Not():
            return _rules(condition.not_)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def rule_holds(rule: Rule, answers: Mapping[str, AnswerValue]) -> bool:
    return _rule_holds(rule, answers)


def _rule_holds(rule: Rule, answers: Mapping[str, AnswerValue]) -> bool:
    if rule.answered is not None:
        return (rule.question in answers) == rule.answered
    if rule.question not in answers:
        return False
    value = answers[rule.question]
    if rule.equals is not None:
        return _same(value, rule.equals)
    if rule.one_of is not None:
        return any(_same(value, expected) for expected in rule.one_of)
    if rule.includes is not None:
        return isinstance(value, list) and rule.includes in value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if rule.at_least is not None:
        return value >= rule.at_least
    return rule.at_most is not None and value <= rule.at_most


def _same(value: AnswerValue, expected: object) -> bool:
    # True == 1 in Python; a yes/no answer must not match a rule written for a number, nor the reverse.
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    return value == expected
