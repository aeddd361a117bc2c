"""The sandbox's sense of time. It ticks with the real clock, so slack-sdk's real sleeps (Retry-After)
are honoured, and can be pushed forward so a test can expire a trigger or a response_url without
waiting for it."""

from __future__ import annotations

import threading
import time


class Clock:
    """Seconds since the epoch, as the sandbox sees them.

    `Clock()` starts at the real time; `Clock(start=1_700_000_000)` starts wherever a test wants;
    `frozen=True` stops it ticking on its own so only `advance()` moves it.
    """

    def __init__(self, start: float | None = None, *, frozen: bool = False) -> None:
        self._lock = threading.Lock()
        self._origin = time.time() if start is None else float(start)
        self._monotonic_origin = time.monotonic()
        self._frozen = frozen
        self._offset = 0.0

    def now(self) -> float:
        with self._lock:
            ticked = 0.0 if self._frozen else time.monotonic() - self._monotonic_origin
            return self._origin + ticked + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("The sandbox clock only moves forward; pass a positive number of seconds.")
        with self._lock:
            self._offset += seconds
