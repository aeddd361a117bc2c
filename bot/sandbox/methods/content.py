"""Checks on what a message says, shared by chat.* methods and response_urls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import SlackError
from bot.sandbox.ids import IdMaker
from bot.sandbox.model import JsonDict
from bot.sandbox.normalize import with_ids
from bot.sandbox.validation import MESSAGE_BLOCK_LIMIT, block_problems

TEXT_LIMIT = 40_000
ATTACHMENTS_LIMIT = 100


@dataclass(frozen=True)
class Content:
    text: str | None  # None when the call did not say (chat.update then keeps the old text)
    blocks: list[JsonDict] | None  # likewise; [] removes them
    attachments: list[JsonDict]


def checked_content(text: Any, blocks: Any, attachments: Any, ids: IdMaker) -> Content:
    """Raises Slack's error for content Slack would refuse; `blocks` and `attachments` already parsed."""
    if text is not None and not isinstance(text, str):
        text = str(text)
    if text is not None and len(text) > TEXT_LIMIT:
        raise SlackError("msg_too_long")
    if attachments is not None and not isinstance(attachments, list):
        raise SlackError("invalid_attachments")
    if attachments and len(attachments) > ATTACHMENTS_LIMIT:
        raise SlackError("too_many_attachments")
    if blocks is not None:
        problems = block_problems(blocks, pointer="/blocks", limit=MESSAGE_BLOCK_LIMIT, surface="message")
        if problems:
            raise SlackError("invalid_blocks", messages=problems)
        blocks = with_ids(blocks, ids)
    if not text and not blocks and not attachments:
        raise SlackError("no_text")
    return Content(text, blocks, list(attachments or []))
