"""Slack mrkdwn building blocks: escaping, text bars, and parts that stay under Slack's limits."""

from __future__ import annotations

from collections.abc import Sequence

PART_LIMIT = 2900  # a section block's text may hold 3,000 characters; leave room to spare
BAR_WIDTH = 20


# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): typed into an
# answer, they reorder what follows them on screen ("exe.txt" read as "txt.exe").
_BIDI = str.maketrans(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def neutralise_bidi(text: str) -> str:
    return text.translate(_BIDI)


def escape(text: str) -> str:
    """Slack's three control characters, so `<!channel>` or `<@U123>` in an answer pings nobody,
    and no bidirectional override reorders what a reader sees."""
    return neutralise_bidi(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, before escaping (escaping after clipping never cuts
    an entity in half)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar(share: float) -> str:
    filled = max(0, min(BAR_WIDTH, round(share * BAR_WIDTH)))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def bounded(head: Sequence[str], items: Sequence[str], limit: int = PART_LIMIT) -> str:
    """`head` then as many `items` as fit in `limit` characters, then "…and N more" for the rest.
    Lines are joined with newlines; the head is assumed to fit (callers clip what goes in it)."""
    lines = list(head)
    used = len("\n".join(lines))
    for index, item in enumerate(items):
        remaining = len(items) - index - 1
        reserve = len(f"\n…and {len(items)} more") if remaining else 0
        if used + 1 + len(item) + reserve > limit:
            lines.append(f"…and {len(items) - index} more")
            break
        lines.append(item)
        used += 1 + len(item)
    return "\n".join(lines)
