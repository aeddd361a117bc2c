"""Complete answers for the tests that need a round to close by itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.blocks.ids import Prefix, split_keyed
from flows.engine.model import AnswerValue
from flows.schema import Flow, QuestionKind


def every_answer(definition: Flow, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """`answers` with a valid answer added for every question it leaves out."""
    complete = dict(answers)
    for question in definition.questions:
        if question.id in complete:
            continue
        match question.kind:
            case QuestionKind.YES_NO:
                complete[question.id] = True
            case QuestionKind.SCALE:
                complete[question.id] = 3
            case QuestionKind.FREE_TEXT:
                complete[question.id] = "No strong view."
            case QuestionKind.NUMBER:
                complete[question.id] = question.min if question.min is not None else 10
            case QuestionKind.MULTI_CHOICE:
                complete[question.id] = [question.choices[0].value]
            case _:
                complete[question.id] = question.choices[0].value
    return complete


def pick(element: dict[str, Any], answer: object) -> object:
    """The value the form's element takes for `answer` (the first option when it is a choice)."""
    kind = element["type"]
    options = [o["value"] for o in element.get("options") or []]
    if kind in ("checkboxes", "multi_static_select"):
        return [str(v) for v in answer] if isinstance(answer, list) else options[:1]
    if kind in ("radio_buttons", "static_select"):
        wanted = (
            {True: "yes", False: "no"}.get(answer, str(answer))
            if isinstance(answer, bool | int | str)
            else ""
        )
        return wanted if wanted in options else options[0]
    return str(answer)


def is_answer_input(block_id: str) -> bool:
    """Whether a form's input block takes a question's answer (not its "Don't know" box, nor a
    section's reason), so a test filling every answer leaves the other inputs as a person would."""
    key = split_keyed(block_id)
    return key is not None and key[0] is Prefix.QUESTION
