"""The pool Bolt runs listeners on (`App(listener_executor=...)`), and knows when it has gone quiet.

Graceful shutdown waits for it so that work already acknowledged to Slack (a fan-out, a summary)
finishes; the tests and the demo wait for it instead of sleeping."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class ListenerExecutor(ThreadPoolExecutor):
    def __init__(self, max_workers: int, name: str = "listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self._pending = 0
        self._quiet = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._quiet:
            self._pending += 1
        try:
            # In the submitter's context: a listener's log lines carry its request's id
            # (`bot.observability.log_format`).
            future = super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(lambda _: self._done())
        return future

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once nothing is queued or running; False if `timeout` passed first."""
        with self._quiet:
            return self._quiet.wait_for(lambda: self._pending == 0, timeout)

    def _done(self) -> None:
        with self._quiet:
            self._pending -= 1
            if self._pending == 0:
                self._quiet.notify_all()
