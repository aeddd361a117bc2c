"""Slow work a listener hands off once it has acknowledged: starting a workshop, with its
announcement and one invitation per person, takes seconds.

Bolt runs a listener on its listener pool and acknowledges only when the listener calls `ack()`.
A listener that went on to do the slow work itself would keep a listener thread for seconds, and
under a burst of requests new ones would wait in the pool's queue past Slack's 3 s before they
could even acknowledge. Handed off here, the work runs on a pool of its own, with a database
session of its own; a known failure goes back to the person through `tell`.

Why not Bolt's lazy listeners (`app.command(...)(ack=..., lazy=[...])`), which also run work after
the acknowledgement with a copy of the request: in a threaded app Bolt submits lazy functions to the
same `listener_executor` as the listeners, in one queue, so each new acknowledgement waits behind
the launches queued before it. Tried and measured (`python -m tests.benchmarks.ack --size 400
--db sqlite`, 2 CPUs): with 20 senders, `/hiring start` acknowledged in 903 ms (p50) instead of
45 ms; with 50, in 2.1 s, near Slack's 3 s. Bolt offers no second pool for them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.edge.executor import ListenerExecutor
from flows.errors import WorkshopError

log = logging.getLogger(__name__)

Work = Callable[[Session], None]


class FollowUps:
    def __init__(self, sessions: sessionmaker[Session], threads: int) -> None:
        self._sessions = sessions
        self._executor = ListenerExecutor(threads, name="follow-up")

    def submit(self, work: Work, *, tell: Callable[[WorkshopError], None]) -> None:
        def run() -> None:
            try:
                # The work's unit: committed when it returns (with the posts it wrote to the outbox,
                # which go out after that), rolled back when it raises.
                with self._sessions.begin() as session:
                    work(session)
            except WorkshopError as error:
                tell(error)
            except Exception:
                log.exception("Follow-up work failed after the request was acknowledged")
                tell(WorkshopError("Something went wrong on our side.", "Please try again in a minute."))

        self._executor.submit(run)

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._executor.wait_idle(timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
