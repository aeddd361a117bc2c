"""`state.values` as Slack builds it: one entry per stateful element, keyed by block_id then action_id,
shaped per element type (`value`, `selected_option`, `selected_users`, `selected_date_time`...).

`entry_for()` turns what a person chose (an option's value, a user id, a date) into that shape and
refuses what the element would not let them choose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.sandbox.errors import SandboxMisuse
from bot.sandbox.model import JsonDict
from bot.sandbox.reading import iter_elements, text_of
from bot.sandbox.validation.elements import INPUTS

StateValues = dict[str, dict[str, JsonDict]]

_TEXT_TYPES = ("plain_text_input", "email_text_input", "url_text_input")
_ONE_OPTION = ("static_select", "external_select", "radio_buttons")
_MANY_OPTIONS = ("multi_static_select", "multi_external_select", "checkboxes")
# type -> (state key, initial key, holds a list)
_PLAIN_VALUES = {
    "users_select": ("selected_user", "initial_user", False),
    "multi_users_select": ("selected_users", "initial_users", True),
    "conversations_select": ("selected_conversation", "initial_conversation", False),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", True),
    "channels_select": ("selected_channel", "initial_channel", False),
    "multi_channels_select": ("selected_channels", "initial_channels", True),
    "datepicker": ("selected_date", "initial_date", False),
    "timepicker": ("selected_time", "initial_time", False),
    "datetimepicker": ("selected_date_time", "initial_date_time", False),
}


def _options(element: JsonDict) -> list[JsonDict]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def option_for(element: JsonDict, value: Any) -> JsonDict:
    if isinstance(value, dict):
        value = value.get("value")
    options = _options(element)
    if not options and element.get("type", "").endswith("external_select"):
        # External selects load options from the app; the person picked one by its value.
        return {"text": {"type": "plain_text", "text": str(value), "emoji": True}, "value": str(value)}
    for option in options:
        if option.get("value") == value:
            return dict(option)
    values = ", ".join(repr(option.get("value")) for option in options)
    raise SandboxMisuse(
        f"{value!r} is not an option of {element.get('action_id')!r}.", f"Choose one of: {values}."
    )


def empty_entry(element: JsonDict) -> JsonDict:
    """The entry of an element nobody has touched and that starts with no value."""
    kind = str(element.get("type"))
    if kind in _TEXT_TYPES or kind == "number_input":
        return {"type": kind, "value": None}
    if kind in _ONE_OPTION:
        return {"type": kind, "selected_option": None}
    if kind in _MANY_OPTIONS:
        return {"type": kind, "selected_options": []}
    if kind in _PLAIN_VALUES:
        key, _, many = _PLAIN_VALUES[kind]
        return {"type": kind, key: [] if many else None}
    if kind == "rich_text_input":
        return {"type": kind, "rich_text_value": None}
    return {"type": kind, "files": []}


def initial_entry(element: JsonDict) -> JsonDict:
    """The entry of an untouched element: its initial value, as the person sees it pre-filled."""
    kind = str(element.get("type"))
    entry = empty_entry(element)
    if kind in _TEXT_TYPES or kind == "number_input":
        entry["value"] = element.get("initial_value")
    elif kind in _ONE_OPTION and element.get("initial_option"):
        entry["selected_option"] = element["initial_option"]
    elif kind in _MANY_OPTIONS:
        entry["selected_options"] = list(element.get("initial_options") or [])
    elif kind in _PLAIN_VALUES:
        key, initial_key, many = _PLAIN_VALUES[kind]
        initial = element.get(initial_key)
        entry[key] = list(initial or []) if many else initial
    elif kind == "rich_text_input":
        entry["rich_text_value"] = element.get("initial_value")
    return entry


def _text_value(element: JsonDict, value: Any) -> str:
    text = str(value)
    limit = element.get("max_length")
    if limit is not None and len(text) > limit:
        raise SandboxMisuse(
            f"{len(text)} characters do not fit {element.get('action_id')!r} (max_length {limit}).",
            "Slack stops the person typing there; pass a shorter value.",
        )
    return text


def _number_value(element: JsonDict, value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SandboxMisuse(f"{value!r} is not a number.", "Pass a number to a number_input.") from None
    if not element.get("is_decimal_allowed") and not number.is_integer():
        raise SandboxMisuse(f"{value!r} is not a whole number.", "This number_input takes integers only.")
    return str(value)


def _plain_value(kind: str, value: Any) -> Any:
    if kind == "datepicker" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "timepicker" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if kind == "datetimepicker" and isinstance(value, dt.datetime):
        return int(value.timestamp())
    if kind == "datetimepicker":
        return int(value)
    return value


def _rich_text(value: Any) -> JsonDict:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": str(value)}]}
    return {"type": "rich_text", "elements": [section]}


def entry_for(element: JsonDict, value: Any) -> JsonDict:
    """The state entry after a person chose `value` in `element`."""
    kind = str(element.get("type"))
    entry = empty_entry(element)
    if kind in _TEXT_TYPES:
        entry["value"] = _text_value(element, value)
    elif kind == "number_input":
        entry["value"] = _number_value(element, value)
    elif kind in _ONE_OPTION:
        entry["selected_option"] = option_for(element, value)
    elif kind in _MANY_OPTIONS:
        chosen = value if isinstance(value, list | tuple | set) else [value]
        entry["selected_options"] = [option_for(element, item) for item in chosen]
    elif kind in _PLAIN_VALUES:
        key, _, many = _PLAIN_VALUES[kind]
        entry[key] = [_plain_value(kind, v) for v in value] if many else _plain_value(kind, value)
    elif kind == "rich_text_input":
        entry["rich_text_value"] = _rich_text(value)
    else:
        raise SandboxMisuse(f"The sandbox cannot fill a {kind} element.", "Leave it out of the values.")
    return entry


def is_empty(entry: JsonDict) -> bool:
    return all(value in (None, [], "") for key, value in entry.items() if key != "type")


def stateful_elements(blocks: list[JsonDict]) -> list[tuple[JsonDict, JsonDict]]:
    return [(block, element) for block, element in iter_elements(blocks) if element.get("type") in INPUTS]


def current_state(blocks: list[JsonDict], typed: StateValues) -> StateValues:
    """Every stateful element's entry: what the person typed, else the element's initial value."""
    values: StateValues = {}
    for block, element in stateful_elements(blocks):
        block_id, action_id = str(block.get("block_id")), str(element.get("action_id"))
        typed_entry = typed.get(block_id, {}).get(action_id)
        values.setdefault(block_id, {})[action_id] = typed_entry or initial_entry(element)
    return values


def apply_values(blocks: list[JsonDict], typed: StateValues, given: Mapping[str, Any]) -> StateValues:
    """`typed` updated with `given` values keyed by action_id or block_id; unknown keys are refused."""
    updated = {block_id: dict(actions) for block_id, actions in typed.items()}
    elements = stateful_elements(blocks)
    for key, value in given.items():
        matches = [(b, e) for b, e in elements if key in (e.get("action_id"), b.get("block_id"))]
        if not matches:
            known = sorted({str(e.get("action_id")) for _, e in elements})
            raise SandboxMisuse(
                f"No input {key!r} here.", f"Use an action_id or block_id of: {', '.join(known)}."
            )
        block, element = matches[0]
        updated.setdefault(str(block.get("block_id")), {})[str(element.get("action_id"))] = entry_for(
            element, value
        )
    return updated


def missing_required(blocks: list[JsonDict], values: StateValues) -> list[str]:
    """Labels of required inputs left empty: Slack's client will not submit the form with them."""
    missing = []
    for block in blocks:
        if (
            block.get("type") != "input"
            or block.get("optional")
            or not isinstance(block.get("element"), dict)
        ):
            continue
        entry = values.get(str(block.get("block_id")), {}).get(str(block["element"].get("action_id")))
        if entry is None or is_empty(entry):
            missing.append(text_of(block.get("label")) or str(block.get("block_id")))
    return missing
