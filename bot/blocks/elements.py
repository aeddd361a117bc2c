"""A question as a Slack input element, and a submitted element's state back to a raw answer.

Both directions live here so they cannot drift apart: whatever `question_element` offers,
`read_state` understands. Round 1, round 2 and the facilitator all use the same element.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputInteractiveElement,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)

from bot.blocks.common import OPTION_TEXT_LIMIT, clip, escape
from bot.ids import ActionId, Prefix, keyed
from flows.engine.model import AnswerValue
from flows.schema import Question, QuestionKind

RADIO_LIMIT = 10  # Slack allows at most 10 radio buttons or checkboxes
FREE_TEXT_LIMIT = 3000
SCALE_LABELS = {
    1: "1 Strongly disagree",
    2: "2 Disagree",
    3: "3 Neither agree nor disagree",
    4: "4 Agree",
    5: "5 Strongly agree",
}
YES_NO = {True: ("yes", "Yes"), False: ("no", "No")}

Raw = bool | int | float | str | list[str]


def question_element(
    question: Question, initial: AnswerValue | None, action_id: str = ActionId.ANSWER
) -> InputInteractiveElement:
    """The element a person answers `question` with, prefilled with `initial` when given."""
    options = _options(question)
    chosen = _chosen_values(question, initial)
    picked = [o for o in options if o.value in chosen]
    match question.kind:
        case QuestionKind.FREE_TEXT:
            return PlainTextInputElement(
                action_id=action_id,
                multiline=True,
                max_length=FREE_TEXT_LIMIT,
                initial_value=clip(str(initial), FREE_TEXT_LIMIT) if isinstance(initial, str) else None,
            )
        case QuestionKind.NUMBER:
            return NumberInputElement(
                action_id=action_id,
                is_decimal_allowed=_decimals_allowed(question, initial),
                initial_value=_number_text(initial),
                min_value=_number_text(question.min),
                max_value=_number_text(question.max),
                placeholder=clip(question.unit, 150) if question.unit else None,
            )
        case QuestionKind.MULTI_CHOICE if len(options) <= RADIO_LIMIT:
            return CheckboxesElement(action_id=action_id, options=options, initial_options=picked or None)
        case QuestionKind.MULTI_CHOICE:
            return StaticMultiSelectElement(
                action_id=action_id, placeholder="Choose any", options=options, initial_options=picked or None
            )
        case _ if len(options) <= RADIO_LIMIT:
            initial_option = picked[0] if picked else None
            return RadioButtonsElement(action_id=action_id, options=options, initial_option=initial_option)
        case _:
            initial_option = picked[0] if picked else None
            return StaticSelectElement(
                action_id=action_id, placeholder="Choose one", options=options, initial_option=initial_option
            )


def read_state(question: Question, state: Mapping[str, Any]) -> Raw | None:
    """One element's submitted state as the raw value `flows.engine.parse_answer` takes; None when
    nothing was given. Values the element could not have offered are passed through unchanged so
    the engine rejects them with its own message."""
    selected = state.get("selected_options")
    if selected is not None:
        values = [o["value"] for o in selected]
        return values or None
    option = state.get("selected_option")
    if option is not None:
        return _from_value(question, option["value"])
    text = state.get("value")
    if not isinstance(text, str) or not text.strip():
        return None
    if question.kind is QuestionKind.NUMBER:
        return _number(text.strip())
    return text.strip() if question.kind is not QuestionKind.FREE_TEXT else text


def read_answers(values: Mapping[str, Mapping[str, Any]], questions: list[Question]) -> dict[str, Raw]:
    """Raw answers from a view's `state.values`, keyed by question id; questions the view did not
    show (hidden by a condition) and inputs left empty are absent."""
    answers: dict[str, Raw] = {}
    for question in questions:
        state = values.get(keyed(Prefix.QUESTION, question.id), {}).get(ActionId.ANSWER)
        raw = read_state(question, state) if state is not None else None
        if raw is not None:
            answers[question.id] = raw
    return answers


def view_errors(errors: Mapping[str, str], prefix: Prefix = Prefix.QUESTION) -> dict[str, str]:
    """Per-question messages as `response_action: errors` wants them: keyed by block id."""
    return {keyed(prefix, question_id): clip(message, 2000) for question_id, message in errors.items()}


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as a person reads it, escaped for mrkdwn."""
    if question.kind is QuestionKind.YES_NO and isinstance(value, bool):
        return YES_NO[value][1]
    if question.kind is QuestionKind.SCALE and isinstance(value, int) and value in SCALE_LABELS:
        return SCALE_LABELS[value]
    if question.kind is QuestionKind.NUMBER and isinstance(value, int | float):
        unit = f" {escape(question.unit)}" if question.unit else ""
        return f"{_number_text(value)}{unit}"
    labels = {c.value: c.label for c in question.choices or []}
    values = value if isinstance(value, list) else [value]
    return escape(", ".join(labels.get(str(v), str(v)) for v in values)) or "nothing"


def _options(question: Question) -> list[Option]:
    if question.kind is QuestionKind.YES_NO:
        return [Option(value=value, text=label) for value, label in YES_NO.values()]
    if question.kind is QuestionKind.SCALE:
        return [Option(value=str(n), text=label) for n, label in SCALE_LABELS.items()]
    return [
        Option(value=c.value, text=PlainTextObject(text=clip(c.label, OPTION_TEXT_LIMIT)))
        for c in question.choices or []
    ]


def _chosen_values(question: Question, initial: AnswerValue | None) -> set[str]:
    if initial is None:
        return set()
    if question.kind is QuestionKind.YES_NO and isinstance(initial, bool):
        return {YES_NO[initial][0]}
    if isinstance(initial, list):
        return {str(v) for v in initial}
    return {str(initial)}


def _from_value(question: Question, value: str) -> Raw:
    if question.kind is QuestionKind.YES_NO:
        return {"yes": True, "no": False}.get(value, value)
    if question.kind is QuestionKind.SCALE:
        return int(value) if value.isdigit() else value
    return value


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _number_text(value: AnswerValue | float | None) -> str | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def _decimals_allowed(question: Question, initial: AnswerValue | None) -> bool:
    """Whole numbers unless the flow's own bounds (or an earlier answer) are fractional."""
    edges = [question.min, question.max, initial if isinstance(initial, float) else None]
    edges += [edge for band in question.bands or [] for edge in (band.min, band.max)]
    return any(isinstance(e, float) and not e.is_integer() for e in edges)
