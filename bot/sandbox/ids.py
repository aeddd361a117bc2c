"""Identifiers shaped like Slack's, drawn from a seeded generator so a run can be replayed."""

from __future__ import annotations

import random
import string
import threading

_ALPHABET = string.ascii_uppercase + string.digits


class IdMaker:
    """Makes `U…`, `C…`, `D…`, `V…`, `B…` ids, trigger ids, hashes and message timestamps."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._last_ts = 0.0
        self._counter = 0

    def slack_id(self, prefix: str) -> str:
        with self._lock:
            return prefix + "".join(self._random.choice(_ALPHABET) for _ in range(10))

    def token_secret(self, length: int = 24) -> str:
        with self._lock:
            return "".join(self._random.choice(string.ascii_letters + string.digits) for _ in range(length))

    def hex(self, length: int) -> str:
        with self._lock:
            return "".join(self._random.choice("0123456789abcdef") for _ in range(length))

    def number(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    def message_ts(self, now: float) -> str:
        """Slack's `ts`: seconds with six decimals, unique and strictly increasing."""
        with self._lock:
            self._last_ts = max(round(now, 6), round(self._last_ts + 0.000001, 6))
            return f"{self._last_ts:.6f}"

    def trigger_id(self, now: float) -> str:
        return f"{int(now)}.{self.number()}.{self.hex(32)}"

    def view_hash(self, now: float) -> str:
        return f"{int(now)}.{self.hex(8)}"
