"""Slack stores blocks with every `block_id` and `action_id` filled in, inventing the missing ones;
payloads sent back to the app carry those ids, so the sandbox does the same."""

from __future__ import annotations

import copy
from typing import Any

from bot.sandbox.ids import IdMaker
from bot.sandbox.reading import iter_elements


def with_ids(blocks: list[dict[str, Any]], ids: IdMaker) -> list[dict[str, Any]]:
    filled = copy.deepcopy(blocks)
    taken = {block["block_id"] for block in filled if block.get("block_id")}
    for block in filled:
        while not block.get("block_id"):
            candidate = ids.token_secret(5)
            if candidate not in taken:
                block["block_id"] = candidate
                taken.add(candidate)
    for _, element in iter_elements(filled):
        if not element.get("action_id"):
            element["action_id"] = ids.token_secret(5)
    return filled


def view_with_ids(view: dict[str, Any], ids: IdMaker) -> dict[str, Any]:
    filled = copy.deepcopy(view)
    filled["blocks"] = with_ids(list(view.get("blocks") or []), ids)
    return filled
