"""Posting that keeps to Slack's limit of about one message a second per channel.

A token bucket per channel allows the short bursts Slack tolerates and then spaces messages a
second apart, so a long summary is not refused half-way. It is per process: several instances
share nothing here and rely on the client's rate-limit retry handler, which honours Retry-After.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.blocks.common import Message

BURST = 3
PER_SECOND = 1.0


class ChannelPacer:
    def __init__(self, burst: int = BURST, rate: float = PER_SECOND) -> None:
        self._burst, self._rate = burst, rate
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, at)
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        with self._lock:
            now = time.monotonic()
            tokens, at = self._buckets.get(channel, (float(self._burst), now))
            tokens = min(self._burst, tokens + (now - at) * self._rate)
            delay = 0.0 if tokens >= 1 else (1 - tokens) / self._rate
            self._buckets[channel] = (0.0, now + delay) if delay else (tokens - 1, now)
        if delay:
            time.sleep(delay)


PACER = ChannelPacer()


def post_message(
    client: WebClient, channel: str, message: Message, *, thread_ts: str | None = None, **extra: Any
) -> SlackResponse:
    PACER.wait(channel)
    return client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message.to_dict(), **extra)
