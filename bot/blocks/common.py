"""What every Block Kit builder shares: Slack's limits, `Message`, sections, dates, mentions and
packing. Escaping, clipping, bars and percentages are `flows.engine.text`, one for every surface."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from flows.engine.text import bar, clip, percent, safe_cut

TEXT_LIMIT = 3000  # one text object
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
OPTION_TEXT_LIMIT = 75
HEADER_LIMIT = 150
# Slack rejects a message whose blocks hold ~12,000 characters in all ("msg_blocks_too_long"),
# though that limit is undocumented; stay well under it.
MESSAGE_CHAR_BUDGET = 10_000


@dataclass(frozen=True)
class Message:
    """A chat message: blocks plus the plain `text` Slack shows in notifications and to screen
    readers. `in_thread` asks the poster to reply in the thread of the first message of a series."""

    text: str
    blocks: Sequence[Block]
    in_thread: bool = False

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("a message needs a plain-text fallback")
        if not 0 < len(self.blocks) <= MESSAGE_BLOCK_LIMIT:
            raise ValueError(f"a message holds 1 to {MESSAGE_BLOCK_LIMIT} blocks, not {len(self.blocks)}")

    def to_dict(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / chat.update / respond (minus the channel)."""
        return {"text": clip(self.text, TEXT_LIMIT), "blocks": [b.to_dict() for b in self.blocks]}


def meter(share: float) -> str:
    """A share as a bar and its percentage, `██████░░░░` 60%: set in code so bars line up."""
    share = min(max(share, 0.0), 1.0)
    return f"`{bar(share)}` {percent(share)}"


def slack_date(moment: datetime | date, style: str = "{date_short_pretty} {time}") -> str:
    """Slack's `<!date>` token, shown in each reader's own time zone, with a UTC fallback."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("slack_date needs a timezone-aware datetime")
        aware = moment
    else:
        aware = datetime.combine(moment, time(12), tzinfo=UTC)
        style = style.replace(" {time}", "")
    fallback = aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC" if "{time}" in style else "%Y-%m-%d")
    return f"<!date^{int(aware.timestamp())}^{style}|{fallback}>"


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def mentions(user_ids: Iterable[str], empty: str = "nobody") -> str:
    listed = ", ".join(mention(u) for u in user_ids)
    return listed or empty


def section(text: str, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, TEXT_LIMIT)), block_id=block_id)


def with_button(text: str, fallback: str, block_id: str, button: ButtonElement) -> Message:
    """A message of news (`text`, mrkdwn) with the one button that acts on it underneath."""
    return Message(text=fallback, blocks=[section(text), ActionsBlock(block_id=block_id, elements=[button])])


def context(*texts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(t, TEXT_LIMIT)) for t in texts[:10]])


def chunk_lines(lines: Iterable[str], limit: int = TEXT_LIMIT, prefix: str = "") -> list[str]:
    """Join lines into as few texts as fit `limit` each; a line longer than `limit` is split, and
    every piece starts with `prefix` (such as "> " to keep a quote a quote)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        for piece in _split_long(line, limit - len(prefix)):
            piece = prefix + piece
            if current and len(current) + 1 + len(piece) > limit:
                chunks.append(current)
                current = piece
            else:
                current = f"{current}\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _split_long(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(line) > limit:
        space = line.rfind(" ", 0, limit)
        cut = safe_cut(line, space if space > limit // 2 else limit)
        pieces.append(line[:cut])
        line = line[cut:].lstrip(" ")
    pieces.append(line)
    return pieces


def text_size(blocks: Sequence[Block]) -> int:
    """Characters of text in blocks, as Slack counts toward its cumulative message limit."""
    return _count([block.to_dict() for block in blocks])


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else _count(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_count(v) for v in value)
    return 0


def pack(blocks: Sequence[Block], text: str, in_thread: bool = False) -> list[Message]:
    """Split blocks into messages within Slack's block and character limits, in order."""
    messages: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        block_size = text_size([block])
        current = messages[-1]
        if current and (len(current) >= MESSAGE_BLOCK_LIMIT or size + block_size > MESSAGE_CHAR_BUDGET):
            messages.append([])
            size = 0
        messages[-1].append(block)
        size += block_size
    parts = [m for m in messages if m]
    if len(parts) == 1:
        return [Message(text=text, blocks=parts[0], in_thread=in_thread)]
    return [
        Message(text=f"{text} (part {i} of {len(parts)})", blocks=part, in_thread=in_thread)
        for i, part in enumerate(parts, start=1)
    ]
