"""Small rules about a person's answers that the listeners share."""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine import next_section_index, parse_answer, visible_questions
from flows.engine.model import AnswerValue
from flows.errors import InvalidAnswer
from flows.schema import Flow


def first_section_to_answer(flow: Flow, answers: Mapping[str, AnswerValue]) -> int:
    """Where to resume: the first section with a visible question still unanswered, else the first."""
    unanswered = {q.id for q in visible_questions(flow, answers) if q.id not in answers}
    for index, section in enumerate(flow.sections):
        if any(q.id in unanswered for q in section.questions):
            return index
    first = next_section_index(flow, answers, -1)
    return 0 if first is None else first


def answer_errors(flow: Flow, raw: Mapping[str, object]) -> dict[str, str]:
    """Per question, what is wrong with a typed answer (for the form's inline errors)."""
    errors: dict[str, str] = {}
    for question_id, value in raw.items():
        try:
            parse_answer(flow.question(question_id), value)
        except InvalidAnswer as error:
            errors[question_id] = str(error)[:150]
    return errors


def valid_answers(flow: Flow, raw: Mapping[str, object]) -> dict[str, AnswerValue]:
    """The typed answers that are valid; the others are left for the person to correct."""
    valid: dict[str, AnswerValue] = {}
    for question_id, value in raw.items():
        try:
            valid[question_id] = parse_answer(flow.question(question_id), value)
        except InvalidAnswer:
            continue
    return valid
