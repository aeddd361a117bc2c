"""Blocks serialized once and reused: slack-sdk's `to_dict()` validates every nested object through
`dir()` and `getattr()`, which costs ten times building the block, and an answer form is the same
blocks over and over (the same questions, mostly with the same few answers filled in).

A `DictCache` is a bounded, thread-safe LRU of `to_dict()` results. Whoever asks must put into the
key everything the block depends on. The dicts it hands out are shared between requests: treat them
as read-only (Bolt only serializes them to JSON).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from slack_sdk.models.basic_objects import JsonObject

Serialized = dict[str, Any]


class DictCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value stored under `key`, or `build()` stored under it (and the oldest entry dropped
        when full). `build` runs outside the lock: two threads may build the same value once each."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def serialized(objects: Sequence[JsonObject]) -> list[Serialized]:
    return [o.to_dict() for o in objects]


def value_key(value: object) -> Hashable:
    """An answer value as a cache key that tells `True` from `1` and `1` from `1.0`."""
    if isinstance(value, list):
        return (list, tuple(value_key(v) for v in value))
    return (type(value), value)
