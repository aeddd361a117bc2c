"""A question as a Slack input element, and a submitted element's state back to a raw answer.

Each kind's plug-in (`flows.kinds`) holds both directions, so they cannot drift apart: whatever
its element offers, its `read_state` understands. This module fits the element to Slack's limits
and reads whole forms. Round 1, round 2 and the facilitator all use the same element.

A factual question that offers "Don't know" gets it as one more option, stored as `DONT_KNOW`;
a number input cannot hold an option, so round 1 puts a "Don't know" box under it
(`dont_know_element`). A multiple-choice question always offers "None of these", stored as `[]`:
leaving every box empty is still no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from slack_sdk.models.blocks import BlockElement, CheckboxesElement, InputInteractiveElement, Option

from bot.blocks.common import OPTION_TEXT_LIMIT
from bot.blocks.ids import ActionId, Prefix, keyed
from flows.engine.model import AnswerValue
from flows.engine.text import clip, escape
from flows.kinds.form import DONT_KNOW_LABEL as DONT_KNOW_LABEL
from flows.kinds.form import NONE_OF_THESE, JsonDict
from flows.kinds.form import NONE_OF_THESE_LABEL as NONE_OF_THESE_LABEL
from flows.kinds.form import Raw as Raw
from flows.kinds.free_text import MAX_LENGTH
from flows.kinds.registry import plugin_for
from flows.kinds.scale import OPTION_LABELS
from flows.schema import DONT_KNOW, Question

FREE_TEXT_LIMIT = MAX_LENGTH
SCALE_LABELS = OPTION_LABELS  # the scale's options as the form shows them: "4 Agree"
PLACEHOLDER_LIMIT = 150


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
    element = plugin_for(question.kind).element(
        question, initial, action_id=action_id, offer_dont_know=dont_know
    )
    return cast(InputInteractiveElement, BlockElement.parse(_within_limits(element)))


def _within_limits(element: JsonDict) -> JsonDict:
    """The element with its texts clipped to what Slack accepts: the kinds' plug-ins say what to
    show, and the Slack side knows how much of it fits."""
    fitted = dict(element)
    for key in ("options", "initial_options"):
        if key in fitted:
            fitted[key] = [_clip_option(o) for o in fitted[key]]
    if "initial_option" in fitted:
        fitted["initial_option"] = _clip_option(fitted["initial_option"])
    if "placeholder" in fitted:
        fitted["placeholder"] = _clip_text(fitted["placeholder"], PLACEHOLDER_LIMIT)
    if "initial_value" in fitted and "max_length" in fitted:
        fitted["initial_value"] = clip(fitted["initial_value"], fitted["max_length"])
    return fitted


def _clip_option(option: JsonDict) -> JsonDict:
    return option | {"text": _clip_text(option["text"], OPTION_TEXT_LIMIT)}


def _clip_text(text: JsonDict, limit: int) -> JsonDict:
    return text | {"text": clip(text["text"], limit)}


def read_state(question: Question, state: Mapping[str, Any]) -> Raw | None:
    """One element's submitted state as the raw value `flows.engine.parse_answer` takes; None when
    nothing was given. Values the element could not have offered are passed through unchanged so
    the engine rejects them with its own message."""
    return plugin_for(question.kind).read_state(question, state)


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
        if has_dont_know_box(question):
            typed = state.get("value")
            has_number = isinstance(typed, str) and bool(typed.strip())
            ticked = _dont_know_ticked(values, question)
            if has_number and ticked:
                problems[question.id] = f"Give a number or tick “{DONT_KNOW_LABEL}”, not both."
            elif question.required and not has_number and not ticked:
                problems[question.id] = f"Give a number, or tick “{DONT_KNOW_LABEL}”."
    return problems


def has_dont_know_box(question: Question) -> bool:
    return plugin_for(question.kind).dont_know_box and question.dont_know


def dont_know_element(question: Question, initial: AnswerValue | None) -> CheckboxesElement:
    """The box under a question whose input cannot hold "Don't know" as an option (a number);
    ticked when that was the answer."""
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
    return escape(plugin_for(question.kind).slack_label(question, value))
