"""Rules for a modal or home tab view object."""

from __future__ import annotations

from typing import Any

from bot.sandbox.validation.blocks import block_problems
from bot.sandbox.validation.elements import ID_LIMIT
from bot.sandbox.validation.problems import Problems

VIEW_BLOCK_LIMIT = 100
MODAL_BUTTON_LIMIT = 24
PRIVATE_METADATA_LIMIT = 3000


def view_problems(view: Any, *, pointer: str = "/view") -> list[str]:
    problems = Problems()
    if not isinstance(view, dict):
        problems.add(pointer, "must be an object")
        return problems.messages
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.add(f"{pointer}/type", "must be one of: modal, home")
        return problems.messages
    if kind == "modal":
        for key in ("title", "submit", "close"):
            problems.text_object(
                view, key, pointer, MODAL_BUTTON_LIMIT, plain_only=True, required=key == "title"
            )
        blocks = view.get("blocks")
        has_inputs = isinstance(blocks, list) and any(
            isinstance(block, dict) and block.get("type") == "input" for block in blocks
        )
        if has_inputs and view.get("submit") is None:
            problems.add(pointer, "must provide submit when the view contains input blocks")
    problems.optional_string(view, "private_metadata", pointer, PRIVATE_METADATA_LIMIT)
    problems.optional_string(view, "callback_id", pointer, ID_LIMIT)
    problems.optional_string(view, "external_id", pointer, ID_LIMIT)
    if view.get("blocks") is None:
        problems.add(pointer, "missing required field: blocks")
    else:
        problems.messages += block_problems(
            view["blocks"], pointer=f"{pointer}/blocks", limit=VIEW_BLOCK_LIMIT, surface="view"
        )
    return problems.messages
