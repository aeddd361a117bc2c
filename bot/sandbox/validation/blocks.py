"""Rules for the blocks of a message, modal or home tab."""

from __future__ import annotations

import copy
import logging
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.sandbox.validation.elements import ID_LIMIT, INPUTS, INTERACTIVE, check_element
from bot.sandbox.validation.problems import Problems

MESSAGE_BLOCK_LIMIT = 50
SECTION_TEXT_LIMIT = 3000
SECTION_FIELD_LIMIT = 2000
SECTION_FIELDS_MAX = 10
HEADER_TEXT_LIMIT = 150
CONTEXT_ELEMENTS_MAX = 10
ACTIONS_ELEMENTS_MAX = 25
INPUT_LABEL_LIMIT = 2000

KNOWN_BLOCKS = {
    "actions",
    "context",
    "divider",
    "file",
    "header",
    "image",
    "input",
    "markdown",
    "rich_text",
    "section",
    "table",
    "video",
}
_ACCESSORIES = (INTERACTIVE - {"rich_text_input", "file_input"}) | {"image"}


def _check_section(problems: Problems, block: dict[str, Any], pointer: str) -> None:
    if block.get("text") is None and block.get("fields") is None:
        problems.add(pointer, "must provide either text or fields")
    problems.text_object(block, "text", pointer, SECTION_TEXT_LIMIT, plain_only=False, required=False)
    fields = problems.item_count(block.get("fields"), f"{pointer}/fields", SECTION_FIELDS_MAX, required=False)
    for f, field in enumerate(fields):
        problems.text(field, f"{pointer}/fields/{f}", SECTION_FIELD_LIMIT, plain_only=False)
    if block.get("accessory") is not None:
        accessory = block["accessory"]
        if isinstance(accessory, dict) and accessory.get("type") == "image":
            return
        check_element(problems, accessory, f"{pointer}/accessory", allowed=_ACCESSORIES)


def _check_context(problems: Problems, block: dict[str, Any], pointer: str) -> None:
    elements = problems.item_count(block.get("elements"), f"{pointer}/elements", CONTEXT_ELEMENTS_MAX)
    for e, element in enumerate(elements):
        if isinstance(element, dict) and element.get("type") == "image":
            continue
        problems.text(element, f"{pointer}/elements/{e}", SECTION_TEXT_LIMIT, plain_only=False)


def _check_actions(problems: Problems, block: dict[str, Any], pointer: str) -> None:
    elements = problems.item_count(block.get("elements"), f"{pointer}/elements", ACTIONS_ELEMENTS_MAX)
    action_ids: set[str] = set()
    for e, element in enumerate(elements):
        check_element(problems, element, f"{pointer}/elements/{e}", allowed=INTERACTIVE)
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if action_id is not None and action_id in action_ids:
            problems.add(f"{pointer}/elements/{e}/action_id", "must be unique within the block")
        if action_id is not None:
            action_ids.add(action_id)


def _check_input(problems: Problems, block: dict[str, Any], pointer: str) -> None:
    problems.text_object(block, "label", pointer, INPUT_LABEL_LIMIT, plain_only=True, required=True)
    problems.text_object(block, "hint", pointer, INPUT_LABEL_LIMIT, plain_only=True, required=False)
    if block.get("element") is None:
        problems.add(pointer, "missing required field: element")
    else:
        check_element(problems, block["element"], f"{pointer}/element", allowed=INPUTS)


_BLOCK_RULES = {
    "section": _check_section,
    "header": lambda problems, block, pointer: problems.text_object(
        block, "text", pointer, HEADER_TEXT_LIMIT, plain_only=True, required=True
    ),
    "context": _check_context,
    "actions": _check_actions,
    "input": _check_input,
}


def _check_with_slack_sdk(problems: Problems, block: dict[str, Any], pointer: str) -> None:
    """slack-sdk's models know further rules (image blocks, rich text, markdown...)."""
    quiet = logging.getLogger("slack_sdk.models")
    previous, quiet.disabled = quiet.disabled, True  # it logs a warning for every unknown block type
    try:
        parsed = Block.parse(copy.deepcopy(block))
        if parsed is None:
            problems.add(f"{pointer}/type", "must be a valid block type")
        else:
            parsed.validate_json()
    except SlackObjectFormationError as error:
        problems.add(pointer, str(error))
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        problems.add(pointer, f"is malformed ({error})")
    finally:
        quiet.disabled = previous


def block_problems(blocks: Any, *, pointer: str, limit: int, surface: str) -> list[str]:
    """Everything Slack would refuse in `blocks`; `surface` ("message" or "view") names where block_ids
    must be unique."""
    problems = Problems()
    items = problems.item_count(blocks, pointer, limit, required=False)
    block_ids: set[str] = set()
    for b, block in enumerate(items):
        where = f"{pointer}/{b}"
        if not isinstance(block, dict):
            problems.add(where, "must be an object")
            continue
        if block.get("type") not in KNOWN_BLOCKS:
            problems.add(f"{where}/type", "must be a valid block type")
            continue
        before = len(problems.messages)
        block_id = block.get("block_id")
        if block_id is not None:
            problems.string(block_id, f"{where}/block_id", ID_LIMIT, min_length=1)
            if block_id in block_ids:
                problems.add(f"{where}/block_id", f"must be unique within the {surface}")
            block_ids.add(block_id)
        rule = _BLOCK_RULES.get(block["type"])
        if rule is not None:
            rule(problems, block, where)
        if len(problems.messages) == before:
            _check_with_slack_sdk(problems, block, where)
    return problems.messages
