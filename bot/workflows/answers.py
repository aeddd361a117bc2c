"""Small rules about a person's answers that the listeners share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


NOT_SAVED = (
    "Not saved: the database refused it just now. What you typed is still here: submit again in a "
    "minute, and if it keeps failing, copy your text somewhere safe and tell the facilitator."
)


def not_saved_errors(block_ids: Iterable[str]) -> dict[str, str]:
    """The form's answer when storing it failed: shown on its inputs, so the form stays open with
    everything typed in it rather than being replaced by an error page."""
    return dict.fromkeys(block_ids, NOT_SAVED)
