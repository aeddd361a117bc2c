"""The words people use for the roles a participant can hold, shared by `/hiring start` and the
rehearsal answers file so both accept exactly the same words."""

from __future__ import annotations

import re

from flows.schema import ROLES

# The role keys, and the words people use for them, as a quick start accepts them after a mention.
ROLE_WORDS: dict[str, str] = {key: key for key in ROLES} | {
    "founder": "ceo",
    "finance": "cfo",
    "technology": "cto",
    "tech": "cto",
    "data": "engineering",
    "eng": "engineering",
    "legal": "compliance",
    "risk": "compliance",
    "hr": "people",
    "ops": "operations",
}
_WORD = re.compile(r"[a-z]+")


def role_of(text: str) -> str | None:
    """The role a person's own words name: a word of `ROLE_WORDS` in any case ("CEO"), or a title
    holding exactly one such word ("Head of Product", "VP Engineering"). None when the words name
    no role, or more than one ("CTO and CFO")."""
    words = text.strip().lower()
    if words in ROLE_WORDS:
        return ROLE_WORDS[words]
    named = {ROLE_WORDS[w] for w in _WORD.findall(words) if w in ROLE_WORDS}
    return named.pop() if len(named) == 1 else None
