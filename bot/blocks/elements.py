"""A question as a Slack input element, and a submitted element's state back to a raw answer.

Both directions live here so they cannot drift apart: whatever `question_element` offers,
`read_state` understands. Round 1, round 2 and the facilitator all use the same element.

A factual question that offers "Don't know" gets it as one more option, stored as `DONT_KNOW`;
a number input cannot hold an option, so round 1 puts a "Don't know" box under it
(`dont_know_element`). A multiple-choice question always offers "None of these", stored as `[]`:
leaving every box empty is still no answer.
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

from bot.blocks.common import OPTION_TEXT_LIMIT
from bot.ids import ActionId, Prefix, keyed
from flows.engine.model import AnswerValue
from flows.engine.text import clip, escape
from flows.schema import DONT_KNOW, Question, QuestionKind

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
DONT_KNOW_LABEL = "Don't know"
NONE_OF_THESE_LABEL = "None of these"
# The option value of "None of these": a flow's choice values cannot start with "-", so it never
# collides with one.
NONE_OF_THESE = "-none-"

Raw = bool | int | float | str | list[str]


def question_element(
    question: Question,
    initial: AnswerValue | None,
    action_id: str = ActionId.ANSWER,
    *,
    dont_know: bool = True,
) -> InputInteractiveElement:
    """The element a person answers `question` with, prefilled with `initial` when given. With
    `dont_know` False it leaves out "Don't know": a facilitator settling a dispute gives an answer
    or leaves the question open."""
    options = _options(question, dont_know)
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
        if values == [NONE_OF_THESE]:
            return []
        if values == [DONT_KNOW]:
            return DONT_KNOW
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
        if raw is None and _dont_know_ticked(values, question):
            raw = DONT_KNOW
        if raw is not None:
            answers[question.id] = raw
    return answers


def form_problems(values: Mapping[str, Mapping[str, Any]], questions: list[Question]) -> dict[str, str]:
    """Per question, what a person must fix in the form itself before any answer is checked: an
    answer ticked together with "None of these" or "Don't know", or a number question that offers
    "Don't know" (so Slack cannot insist on a number) left empty when it is required."""
    problems: dict[str, str] = {}
    for question in questions:
        state = values.get(keyed(Prefix.QUESTION, question.id), {}).get(ActionId.ANSWER) or {}
        picked = [o["value"] for o in state.get("selected_options") or []]
        for sentinel, label in ((NONE_OF_THESE, NONE_OF_THESE_LABEL), (DONT_KNOW, DONT_KNOW_LABEL)):
            if sentinel in picked and len(picked) > 1:
                problems[question.id] = f"Tick “{label}” on its own, or untick it to keep the others."
        if question.kind is QuestionKind.NUMBER and question.dont_know:
            typed = state.get("value")
            has_number = isinstance(typed, str) and bool(typed.strip())
            ticked = _dont_know_ticked(values, question)
            if has_number and ticked:
                problems[question.id] = f"Give a number or tick “{DONT_KNOW_LABEL}”, not both."
            elif question.required and not has_number and not ticked:
                problems[question.id] = f"Give a number, or tick “{DONT_KNOW_LABEL}”."
    return problems


def has_dont_know_box(question: Question) -> bool:
    return question.kind is QuestionKind.NUMBER and question.dont_know


def dont_know_element(question: Question, initial: AnswerValue | None) -> CheckboxesElement:
    """The box under a number question that offers "Don't know"; ticked when that was the answer."""
    option = Option(value=DONT_KNOW, text=DONT_KNOW_LABEL)
    return CheckboxesElement(
        action_id=ActionId.DONT_KNOW,
        options=[option],
        initial_options=[option] if initial == DONT_KNOW else None,
    )


def _dont_know_ticked(values: Mapping[str, Mapping[str, Any]], question: Question) -> bool:
    if not has_dont_know_box(question):
        return False
    box = values.get(keyed(Prefix.DONT_KNOW, question.id), {}).get(ActionId.DONT_KNOW) or {}
    return any(o.get("value") == DONT_KNOW for o in box.get("selected_options") or [])


def view_errors(errors: Mapping[str, str], prefix: Prefix = Prefix.QUESTION) -> dict[str, str]:
    """Per-question messages as `response_action: errors` wants them: keyed by block id."""
    return {keyed(prefix, question_id): clip(message, 2000) for question_id, message in errors.items()}


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer as a person reads it, escaped for mrkdwn."""
    if value == DONT_KNOW and question.dont_know:
        return DONT_KNOW_LABEL
    if question.kind is QuestionKind.MULTI_CHOICE and value == []:
        return NONE_OF_THESE_LABEL
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


def _options(question: Question, dont_know: bool = True) -> list[Option]:
    if question.kind is QuestionKind.YES_NO:
        options = [Option(value=value, text=label) for value, label in YES_NO.values()]
    elif question.kind is QuestionKind.SCALE:
        options = [Option(value=str(n), text=label) for n, label in SCALE_LABELS.items()]
    else:
        options = [
            Option(value=c.value, text=PlainTextObject(text=clip(c.label, OPTION_TEXT_LIMIT)))
            for c in question.choices or []
        ]
    if question.kind is QuestionKind.MULTI_CHOICE:
        options.append(Option(value=NONE_OF_THESE, text=NONE_OF_THESE_LABEL))
    if (
        dont_know
        and question.dont_know
        and question.kind not in (QuestionKind.NUMBER, QuestionKind.FREE_TEXT)
    ):
        options.append(Option(value=DONT_KNOW, text=DONT_KNOW_LABEL))
    return options


def _chosen_values(question: Question, initial: AnswerValue | None) -> set[str]:
    if initial is None:
        return set()
    if question.kind is QuestionKind.YES_NO and isinstance(initial, bool):
        return {YES_NO[initial][0]}
    if isinstance(initial, list):
        return {str(v) for v in initial} or {NONE_OF_THESE}
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
