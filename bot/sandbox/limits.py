"""Slack's published rate limits, applied per method per workspace (per app for app-level calls).

Tiers allow N calls in any 60-second window. chat.postMessage is Slack's "special" case: about one
message per second per channel, with short bursts allowed, modelled as a token bucket.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from bot.sandbox.clock import Clock
from bot.sandbox.errors import SandboxMisuse

PER_MINUTE_BY_TIER = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "apps.connections.open": 1,
    "chat.delete": 3,
    "chat.postEphemeral": 4,
    "chat.update": 3,
    "conversations.info": 3,
    "conversations.members": 4,
    "conversations.open": 3,
    "files.completeUploadExternal": 4,
    "files.getUploadURLExternal": 4,
    "users.info": 4,
    "views.open": 4,
    "views.publish": 4,
    "views.push": 4,
    "views.update": 4,
}
# Slack documents these as "special": hundreds of requests per minute.
SPECIAL_PER_MINUTE = {"auth.test": 600, "chat.getPermalink": 600}
WINDOW_SECONDS = 60.0
POST_MESSAGE_PER_SECOND = 1.0
DEFAULT_POST_MESSAGE_BURST = 3


@dataclass(frozen=True)
class Verdict:
    retry_after: int
    reason: str


def default_per_minute() -> dict[str, int]:
    limits = {method: PER_MINUTE_BY_TIER[tier] for method, tier in METHOD_TIERS.items()}
    return limits | SPECIAL_PER_MINUTE


class RateLimiter:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.enabled = False
        self.per_minute = default_per_minute()
        self.post_message_burst = DEFAULT_POST_MESSAGE_BURST
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def configure(
        self, *, enabled: bool, per_minute: Mapping[str, int] | None, post_message_burst: int | None
    ) -> None:
        for method, limit in (per_minute or {}).items():
            if limit < 1:
                raise SandboxMisuse(f"Rate limit for {method} must be at least 1 per minute.", "Raise it.")
        if post_message_burst is not None and post_message_burst < 1:
            raise SandboxMisuse("post_message_burst must be at least 1.", "Pass 1 or more.")
        with self._lock:
            self.enabled = enabled
            self.per_minute = default_per_minute() | dict(per_minute or {})
            self.post_message_burst = post_message_burst or DEFAULT_POST_MESSAGE_BURST
            self._windows.clear()
            self._buckets.clear()

    def check(self, scope: str, method: str, channel: str | None) -> Verdict | None:
        """None if the call may go ahead (and counts it), else how long to wait and why."""
        if not self.enabled:
            return None
        with self._lock:
            if method == "chat.postMessage" and channel:
                return self._take_token(scope, channel)
            limit = self.per_minute.get(method)
            return self._count_in_window(scope, method, limit) if limit else None

    def _count_in_window(self, scope: str, method: str, limit: int) -> Verdict | None:
        now = self._clock.now()
        window = self._windows.setdefault((scope, method), deque())
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        if len(window) >= limit:
            wait = window[0] + WINDOW_SECONDS - now
            return Verdict(
                max(1, math.ceil(wait)), f"{method}: more than {limit} calls per minute in {scope}"
            )
        window.append(now)
        return None

    def _take_token(self, scope: str, channel: str) -> Verdict | None:
        now = self._clock.now()
        tokens, last = self._buckets.get((scope, channel), (float(self.post_message_burst), now))
        tokens = min(float(self.post_message_burst), tokens + (now - last) * POST_MESSAGE_PER_SECOND)
        if tokens < 1.0:
            self._buckets[(scope, channel)] = (tokens, now)
            wait = (1.0 - tokens) / POST_MESSAGE_PER_SECOND
            reason = f"chat.postMessage: more than 1 message per second in {channel}"
            return Verdict(max(1, math.ceil(wait)), reason)
        self._buckets[(scope, channel)] = (tokens - 1.0, now)
        return None
