"""Deliberate failures: a share of calls answering 500, 429 with Retry-After, or hanging. Draws come
from a seeded generator, so a run with the same calls in the same order fails the same way."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Literal

from bot.sandbox.errors import SandboxMisuse

FaultKind = Literal["server_error", "rate_limited", "hang"]
FAULT_KINDS = ("server_error", "rate_limited", "hang")


@dataclass(frozen=True)
class FaultRule:
    """`share` of the calls to `methods` (all methods when None) fail as `kind`, at most `times` calls
    in all when given. A hang holds the call for `hang_seconds` and then answers it normally, as a slow
    Slack does: a client that gave up earlier cannot know whether the call took effect."""

    kind: FaultKind
    share: float
    methods: frozenset[str] | None = None
    retry_after: int = 1
    hang_seconds: float = 5.0
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise SandboxMisuse(
                f"Unknown fault kind {self.kind!r}.", f"Use one of: {', '.join(FAULT_KINDS)}."
            )
        if not 0.0 <= self.share <= 1.0:
            raise SandboxMisuse(f"Fault share {self.share} is not between 0 and 1.", "Pass a fraction.")
        if self.times is not None and self.times < 1:
            raise SandboxMisuse(f"times={self.times} would never fail a call.", "Pass 1 or more, or None.")
        if self.retry_after < 1 or self.hang_seconds < 0:
            raise SandboxMisuse("retry_after must be 1 or more and hang_seconds not negative.", "Fix them.")

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods


class FaultInjector:
    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._fired: dict[int, int] = {}

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._fired.clear()

    def draw(self, method: str) -> FaultRule | None:
        with self._lock:
            for index, rule in enumerate(self._rules):
                if not rule.applies_to(method):
                    continue
                spent = rule.times is not None and self._fired.get(index, 0) >= rule.times
                if self._random.random() < rule.share and not spent:
                    self._fired[index] = self._fired.get(index, 0) + 1
                    return rule
            return None
