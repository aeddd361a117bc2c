"""The pieces of an answer form every kind builds from, as Block Kit JSON (plain dicts, so the
plug-ins stay free of Slack's SDK), and reading a submitted element's state back.

A factual question that offers "Don't know" gets it as one more option, stored as `DONT_KNOW`.
A multiple-choice question always offers "None of these", stored as `[]`: leaving every box empty
is still no answer. The Slack side clips the texts to Slack's limits (`bot.blocks.elements`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flows.schema import DONT_KNOW, Question

if TYPE_CHECKING:  # the engine imports the plug-ins, so they take only its types
    from flows.engine.model import AnswerValue

JsonDict = dict[str, Any]
# A raw answer as read from a form, before `flows.engine.parse_answer` checks it.
Raw = bool | int | float | str | list[str]

RADIO_LIMIT = 10  # Slack allows at most 10 radio buttons or checkboxes
DONT_KNOW_LABEL = "Don't know"
NONE_OF_THESE_LABEL = "None of these"
# The option value of "None of these": a flow's choice values cannot start with "-", so it never
# collides with one.
NONE_OF_THESE = "-none-"


def option(value: str, label: str) -> JsonDict:
    """An option with the form's own wording ("Yes", "Don't know"), which may hold emoji codes."""
    return {"text": plain_text(label), "value": value}


def choice_option(value: str, label: str) -> JsonDict:
    """An option with a flow's wording for a choice, shown as written."""
    return {"text": {"text": label, "type": "plain_text"}, "value": value}


def choice_options(question: Question) -> list[JsonDict]:
    return [choice_option(c.value, c.label) for c in question.choices or []]


def dont_know_option(question: Question, offer_dont_know: bool) -> list[JsonDict]:
    """The "Don't know" option, when the question offers it and the caller wants it offered."""
    return [option(DONT_KNOW, DONT_KNOW_LABEL)] if offer_dont_know and question.dont_know else []


def chosen_values(initial: AnswerValue | None) -> set[str]:
    """The option values an earlier answer picks; an empty list picks "None of these"."""
    if initial is None:
        return set()
    if isinstance(initial, list):
        return {str(v) for v in initial} or {NONE_OF_THESE}
    return {str(initial)}


def pick_one(action_id: str, options: list[JsonDict], chosen: set[str]) -> JsonDict:
    """Radio buttons, or a menu when there are too many options for them."""
    picked = [o for o in options if o["value"] in chosen]
    if len(options) <= RADIO_LIMIT:
        element: JsonDict = {"type": "radio_buttons", "action_id": action_id, "options": options}
    else:
        element = {
            "type": "static_select",
            "action_id": action_id,
            "placeholder": plain_text("Choose one"),
            "options": options,
        }
    if picked:
        element["initial_option"] = picked[0]
    return element


def pick_any(action_id: str, options: list[JsonDict], chosen: set[str]) -> JsonDict:
    """Checkboxes, or a multi-select menu when there are too many options for them."""
    picked = [o for o in options if o["value"] in chosen]
    if len(options) <= RADIO_LIMIT:
        element: JsonDict = {"type": "checkboxes", "action_id": action_id, "options": options}
    else:
        element = {
            "type": "multi_static_select",
            "action_id": action_id,
            "placeholder": plain_text("Choose any"),
            "options": options,
        }
    if picked:
        element["initial_options"] = picked
    return element


def plain_text(text: str) -> JsonDict:
    """A plain-text object with the form's own wording, which may hold emoji codes."""
    return {"emoji": True, "text": text, "type": "plain_text"}


def read_state(
    state: Mapping[str, Any], from_option: Callable[[str], Raw], from_text: Callable[[str], Raw]
) -> Raw | None:
    """One element's submitted state as a raw answer; None when nothing was given. Values the
    element could not have offered are passed through unchanged so the engine rejects them with
    its own message."""
    selected = state.get("selected_options")
    if selected is not None:
        values = [o["value"] for o in selected]
        if values == [NONE_OF_THESE]:
            return []
        if values == [DONT_KNOW]:
            return DONT_KNOW
        return values or None
    picked = state.get("selected_option")
    if picked is not None:
        return from_option(picked["value"])
    text = state.get("value")
    if not isinstance(text, str) or not text.strip():
        return None
    return from_text(text)


def as_given(value: str) -> Raw:
    return value


def stripped(text: str) -> Raw:
    return text.strip()
