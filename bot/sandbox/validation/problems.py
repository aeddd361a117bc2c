"""Collects problems in Slack's wording, and the checks shared by blocks, elements and views."""

from __future__ import annotations

from typing import Any


class Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, pointer: str, message: str) -> None:
        self.messages.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    def string(self, value: Any, pointer: str, limit: int, *, min_length: int = 0) -> None:
        """A string field of at most `limit` characters (Slack says "less than limit+1")."""
        if not isinstance(value, str):
            self.add(pointer, "must be a string")
        elif len(value) > limit:
            self.add(pointer, f"must be less than {limit + 1} characters")
        elif len(value) < min_length:
            self.add(pointer, f"must be more than {min_length - 1} characters")

    def optional_string(self, parent: dict[str, Any], key: str, pointer: str, limit: int) -> None:
        if parent.get(key) is not None:
            self.string(parent[key], f"{pointer}/{key}", limit)

    def text_object(
        self, parent: dict[str, Any], key: str, pointer: str, limit: int, *, plain_only: bool, required: bool
    ) -> None:
        """A text object `{"type": "plain_text"|"mrkdwn", "text": ...}` under `parent[key]`."""
        if parent.get(key) is None:
            if required:
                self.add(pointer, f"missing required field: {key}")
            return
        self.text(parent[key], f"{pointer}/{key}", limit, plain_only=plain_only)

    def text(self, value: Any, pointer: str, limit: int, *, plain_only: bool) -> None:
        """A text object found at `pointer` (a list item, say, with no key of its own)."""
        if not isinstance(value, dict):
            self.add(pointer, "must be an object")
            return
        allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if value.get("type") not in allowed:
            self.add(f"{pointer}/type", f"must be one of: {', '.join(allowed)}")
        self.string(value.get("text"), f"{pointer}/text", limit, min_length=1)

    def item_count(self, items: Any, pointer: str, limit: int, *, required: bool = True) -> list[Any]:
        """A list of at most `limit` items; returns the items to check one by one."""
        if items is None:
            if required:
                self.add(pointer, "must provide an array")
            return []
        if not isinstance(items, list):
            self.add(pointer, "must be an array")
            return []
        if required and not items:
            self.add(pointer, "must contain at least 1 item")
        if len(items) > limit:
            self.add(pointer, f"no more than {limit} items allowed")
        return items
