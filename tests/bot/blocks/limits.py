"""Slack's Block Kit limits that slack-sdk does not check itself, walked over a built payload, plus
the sandbox Slack's own validator as a second, independent opinion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slack_sdk.models.views import View

from bot.blocks.common import MESSAGE_CHAR_BUDGET, Message, text_size
from bot.blocks.ids import is_known_id
from bot.sandbox.validation import block_problems, view_problems

ELEMENT_OPTION_LIMITS = {
    "radio_buttons": 10,
    "checkboxes": 10,
    "static_select": 100,
    "multi_static_select": 100,
}


def check_message(message: Message) -> dict[str, Any]:
    payload = message.to_dict()
    assert 1 <= len(payload["blocks"]) <= 50
    assert text_size(message.blocks) <= MESSAGE_CHAR_BUDGET
    assert payload["text"].strip()
    assert block_problems(payload["blocks"], pointer="/blocks", limit=50, surface="message") == []
    _check_blocks(payload["blocks"])
    return payload


def check_view(view: View) -> dict[str, Any]:
    payload = view.to_dict()  # runs slack-sdk's own validation
    assert view_problems(payload) == []  # and the rules the sandbox Slack enforces beyond it
    assert 1 <= len(payload["blocks"]) <= 100
    assert len(payload.get("private_metadata", "")) <= 3000
    if "callback_id" in payload:
        assert is_known_id(payload["callback_id"]), payload["callback_id"]
    for key in ("title", "submit", "close"):
        if key in payload:
            assert len(payload[key]["text"]) <= 24, payload[key]
    _check_blocks(payload["blocks"])
    return payload


def _check_blocks(blocks: list[dict[str, Any]]) -> None:
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids)), "block ids must be unique"
    for block_id in block_ids:
        assert is_known_id(block_id), block_id
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
        if block["type"] == "input":
            assert len(block["label"]["text"]) <= 2000
    for node in _walk(blocks):
        if node.get("type") in ("mrkdwn", "plain_text"):
            assert len(node["text"]) <= 3000, node["text"][:80]
        if "action_id" in node:
            assert is_known_id(node["action_id"]), node["action_id"]
        if node.get("type") == "button":
            assert len(node["text"]["text"]) <= 75
        if node.get("type") in ELEMENT_OPTION_LIMITS:
            assert 1 <= len(node["options"]) <= ELEMENT_OPTION_LIMITS[node["type"]]
            for option in node["options"]:
                assert len(option["text"]["text"]) <= 75
                assert len(option["value"]) <= 150


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def all_text(payload: dict[str, Any] | list[dict[str, Any]]) -> str:
    """Every text a person could read in a payload, joined, for content assertions."""
    texts = [n["text"] for n in _walk(payload) if n.get("type") in ("mrkdwn", "plain_text")]
    if isinstance(payload, dict) and isinstance(payload.get("text"), str):
        texts.append(payload["text"])
    return "\n".join(texts)
