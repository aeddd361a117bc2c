"""Rules for interactive elements and options (buttons, selects, inputs)."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.validation.problems import Problems

ID_LIMIT = 255
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
SELECT_OPTION_LIMIT = 100
CHOICE_OPTION_LIMIT = 10  # radio_buttons and checkboxes
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
PLACEHOLDER_LIMIT = 150
TEXT_INPUT_LENGTH_LIMIT = 3000

SELECTS = {
    "static_select",
    "multi_static_select",
    "external_select",
    "multi_external_select",
    "users_select",
    "multi_users_select",
    "conversations_select",
    "multi_conversations_select",
    "channels_select",
    "multi_channels_select",
}
INPUTS = SELECTS | {
    "plain_text_input",
    "email_text_input",
    "url_text_input",
    "number_input",
    "datepicker",
    "timepicker",
    "datetimepicker",
    "radio_buttons",
    "checkboxes",
    "rich_text_input",
    "file_input",
}
INTERACTIVE = INPUTS | {"button", "overflow", "workflow_button"}


def check_option(problems: Problems, option: Any, pointer: str, *, plain_only: bool) -> None:
    if not isinstance(option, dict):
        problems.add(pointer, "must be an object")
        return
    problems.text_object(option, "text", pointer, OPTION_TEXT_LIMIT, plain_only=plain_only, required=True)
    problems.string(option.get("value"), f"{pointer}/value", OPTION_VALUE_LIMIT, min_length=1)
    problems.text_object(option, "description", pointer, OPTION_TEXT_LIMIT, plain_only=True, required=False)


OPTION_LIMITS = {
    "static_select": SELECT_OPTION_LIMIT,
    "multi_static_select": SELECT_OPTION_LIMIT,
    "radio_buttons": CHOICE_OPTION_LIMIT,
    "checkboxes": CHOICE_OPTION_LIMIT,
    "overflow": 5,
}


def _check_option_groups(problems: Problems, groups: Any, pointer: str) -> None:
    for g, group in enumerate(problems.item_count(groups, f"{pointer}/option_groups", 100)):
        group_pointer = f"{pointer}/option_groups/{g}"
        if not isinstance(group, dict):
            problems.add(group_pointer, "must be an object")
            continue
        problems.text_object(group, "label", group_pointer, OPTION_TEXT_LIMIT, plain_only=True, required=True)
        for o, option in enumerate(
            problems.item_count(group.get("options"), f"{group_pointer}/options", 100)
        ):
            check_option(problems, option, f"{group_pointer}/options/{o}", plain_only=True)


def _check_options(problems: Problems, element: dict[str, Any], pointer: str) -> None:
    kind = element["type"]
    if kind not in OPTION_LIMITS:
        return
    if kind.endswith("static_select") and "option_groups" in element:
        _check_option_groups(problems, element["option_groups"], pointer)
        return
    options = problems.item_count(element.get("options"), f"{pointer}/options", OPTION_LIMITS[kind])
    if kind == "overflow" and len(options) == 1:
        problems.add(f"{pointer}/options", "must contain at least 2 items")
    # Radio buttons and checkboxes may show mrkdwn; selects and overflow menus show plain text only.
    plain_only = kind not in ("radio_buttons", "checkboxes")
    for o, option in enumerate(options):
        check_option(problems, option, f"{pointer}/options/{o}", plain_only=plain_only)
    values = [option.get("value") for option in options if isinstance(option, dict)]
    initial = element.get("initial_option")
    if isinstance(initial, dict) and initial.get("value") not in values:
        problems.add(f"{pointer}/initial_option", "must match one of the provided options")
    for i, option in enumerate(element.get("initial_options") or []):
        if not isinstance(option, dict) or option.get("value") not in values:
            problems.add(f"{pointer}/initial_options/{i}", "must match one of the provided options")


def _check_text_input(problems: Problems, element: dict[str, Any], pointer: str) -> None:
    lengths = {}
    for key in ("min_length", "max_length"):
        value = element.get(key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            problems.add(f"{pointer}/{key}", "must be an integer")
        elif value > TEXT_INPUT_LENGTH_LIMIT:
            problems.add(f"{pointer}/{key}", f"must be less than or equal to {TEXT_INPUT_LENGTH_LIMIT}")
        else:
            lengths[key] = value
    if lengths.get("min_length", 0) > lengths.get("max_length", TEXT_INPUT_LENGTH_LIMIT):
        problems.add(f"{pointer}/min_length", "must be less than or equal to max_length")
    initial = element.get("initial_value")
    if isinstance(initial, str) and len(initial) > lengths.get("max_length", TEXT_INPUT_LENGTH_LIMIT):
        problems.add(f"{pointer}/initial_value", "must not be longer than max_length")


def _check_dates(problems: Problems, element: dict[str, Any], pointer: str) -> None:
    formats = {"initial_date": r"\d{4}-\d{2}-\d{2}", "initial_time": r"\d{2}:\d{2}"}
    for key, pattern in formats.items():
        value = element.get(key)
        if value is not None and not (isinstance(value, str) and re.fullmatch(pattern, value)):
            problems.add(f"{pointer}/{key}", f"must match the format {pattern}")


def check_element(problems: Problems, element: Any, pointer: str, *, allowed: set[str]) -> None:
    if not isinstance(element, dict):
        problems.add(pointer, "must be an object")
        return
    kind = element.get("type")
    if kind not in allowed:
        problems.add(f"{pointer}/type", f"must be one of the element types allowed here, not {kind!r}")
        return
    problems.optional_string(element, "action_id", pointer, ID_LIMIT)
    problems.text_object(element, "placeholder", pointer, PLACEHOLDER_LIMIT, plain_only=True, required=False)
    if kind == "button":
        problems.text_object(element, "text", pointer, BUTTON_TEXT_LIMIT, plain_only=True, required=True)
        problems.optional_string(element, "value", pointer, BUTTON_VALUE_LIMIT)
        problems.optional_string(element, "url", pointer, 3000)
        if element.get("style") not in (None, "primary", "danger"):
            problems.add(f"{pointer}/style", "must be one of: primary, danger")
    elif kind in ("plain_text_input", "email_text_input", "url_text_input"):
        _check_text_input(problems, element, pointer)
    elif kind == "number_input" and "is_decimal_allowed" not in element:
        problems.add(pointer, "missing required field: is_decimal_allowed")
    _check_options(problems, element, pointer)
    _check_dates(problems, element, pointer)
