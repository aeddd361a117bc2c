"""The text helpers every surface shares, each with one behaviour: escaping for Slack mrkdwn, lines,
clipping, text bars and how shares and margins read. In the engine, not the Slack app, because the
engine's own sentences and the terminal summary need them too and may not import the app."""

from __future__ import annotations

import math
from collections.abc import Sequence

PART_LIMIT = 2900  # a section block's text may hold 3,000 characters; leave room to spare
ELLIPSIS = "…"
# In percent or points: a figure this close to a threshold has reached it (the rule allows for the
# same float noise), so it is not printed with noise decimals.
_NOISE = 1e-7

# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): typed into an
# answer, they reorder what follows them on screen ("exe.txt" read as "txt.exe").
_BIDI = str.maketrans(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def neutralise_bidi(text: str) -> str:
    return text.translate(_BIDI)


def escape(text: str) -> str:
    """Slack's three control characters, so `<!channel>` or `<@U123>` in an answer pings nobody,
    and no bidirectional override reorders what a reader sees."""
    return neutralise_bidi(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def one_line(text: str) -> str:
    """Text on one line, runs of whitespace as one space: an answer's line breaks never break a list."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, the cut marked with "…". Line breaks are kept (`one_line` first
    for one line); a cut never halves an escape such as `&amp;`, so it is safe before or after
    escaping."""
    if len(text) <= limit:
        return text
    return text[: safe_cut(text, limit - len(ELLIPSIS))] + ELLIPSIS


def safe_cut(text: str, cut: int) -> int:
    """Move a cut back so it does not split an escape such as `&lt;` (at most 5 characters long)."""
    amp = text.rfind("&", max(cut - 5, 0), cut)
    if amp > 0 and ";" not in text[amp:cut] and ";" in text[cut : amp + 6]:
        return amp
    return cut


def bar(share: float, width: int = 10) -> str:
    """A share as `width` cells, filled in proportion: `██████░░░░` for 0.6. Bare, so each surface
    adds its own markup (Slack sets it in code so bars line up)."""
    filled = max(0, min(width, round(share * width)))
    return "█" * filled + "░" * (width - filled)


def listed(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def short(text: str, limit: int = 80) -> str:
    """A question's text, quoted, cut at a word boundary when long. A statement's full stop is left
    out, so the sentence it stands in ends once."""
    text = one_line(text).removesuffix(".")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + ELLIPSIS
    return f"“{text}”"


def as_sentence(text: str) -> str:
    """Free text on one line, ending once with its own mark or a full stop: a rationale quoted
    mid-sentence then never ends ".)." ."""
    line = one_line(text)
    return line if line[-1:] in (".", "!", "?") else f"{line}."


def percent(share: float) -> str:
    """A share as a whole percentage, unless rounding up would land on a multiple of 5, where the
    thresholds sit (75%, 80%, 50%): then cut to one decimal, which keeps it under (74.6%, 89.9%)."""
    value = share * 100
    shown = round(value)
    if shown - value > _NOISE and shown % 5 == 0:
        return f"{_fixed(math.floor(value * 10) / 10, 1)}%"
    return f"{shown}%"


def points(share: float) -> str:
    """A difference of shares, in percentage points, to one decimal, unless rounding up would land on
    a multiple of 5 points, where the thresholds sit: 4.95 points never prints as 5."""
    value = share * 100
    shown = round(value, 1)
    text = _below(value, shown, 1) if shown - value > _NOISE and shown % 5 == 0 else _fixed(shown, 1)
    return f"{text} point{'' if text == '1' else 's'}"


def points_below(share: float, needed: float) -> str:
    """A difference of shares that fell short of `needed`, in points, with as many decimals as it
    takes to read below the threshold: 4.95 points never prints as 5."""
    value = _below(share * 100, needed * 100, digits=1)
    return f"{value} point{'' if value == '1' else 's'}"


def percent_below(share: float, needed: float) -> str:
    """A share that fell short of `needed`, as a percentage that reads below it: 74.6%, not 75%."""
    return f"{_below(share * 100, needed * 100, digits=0)}%"


def _below(value: float, limit: float, digits: int) -> str:
    # Rounding to the nearest figure could reach the limit (4.95 -> 5.0): take more decimals until
    # it does not; past the float noise, cut towards zero instead.
    if value >= limit:
        return _fixed(round(value, digits), digits)
    for places in range(digits, 7):
        if round(value, places) < limit:
            return _fixed(round(value, places), places)
    return _fixed(math.floor(value * 10**6) / 10**6, 6)


def _fixed(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
