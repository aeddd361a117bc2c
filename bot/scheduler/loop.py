"""The dispatcher's loop in the bot process, and APScheduler for periodic chores beside it.

What is due, and whether it was done, lives in the database; nothing here keeps jobs of its own
(losing the process loses nothing). The loop runs the dispatcher at once as it starts, so items
that fell due while the bot was down go out at once; after each run it sleeps until the next item
falls due, never longer than the interval (which bounds how late an item another instance
scheduled meanwhile is noticed).

The loop is a thread of its own rather than an APScheduler interval job: an interval job would
poll, and APScheduler skips a job's run while the same job still runs, so a job cannot wake itself
at the next due time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class BotScheduler:
    def __init__(self, dispatcher: Dispatcher, interval_seconds: float) -> None:
        self.dispatcher = dispatcher
        self.interval_seconds = interval_seconds
        self._scheduler = BackgroundScheduler(timezone=UTC)
        self._stopped = threading.Event()
        self._woken = threading.Event()  # cuts the sleep short when stopping
        self._thread: threading.Thread | None = None

    def start(self) -> BotScheduler:
        self._stopped.clear()
        self._thread = threading.Thread(target=self._loop, name="dispatcher-loop", daemon=True)
        self._thread.start()
        self._scheduler.start()
        log.info(
            "Scheduler started: items run as they fall due (looked for at least every %s s)",
            self.interval_seconds,
        )
        return self

    def also_every(self, seconds: float, job: Callable[[], object], job_id: str) -> BotScheduler:
        """Another periodic chore (for example finishing posts a dead instance left undone); it never
        overlaps itself, and a failure waits for next time."""

        def run() -> None:
            try:
                job()
            except Exception:
                log.exception("Periodic job %s failed; retrying at the next interval", job_id)

        trigger = IntervalTrigger(seconds=seconds, timezone=UTC)
        self._scheduler.add_job(
            run, trigger, id=job_id, max_instances=1, coalesce=True, misfire_grace_time=None
        )
        return self

    def stop(self) -> None:
        """Let the items in hand finish, then hand back every item this instance still holds."""
        self._stopped.set()
        self._woken.set()
        self.dispatcher.request_stop()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        released = self.dispatcher.release()
        if released:
            log.info("Handed back %d claimed item(s) for another instance", released)
        self.dispatcher.resume()  # nothing runs it now unless someone calls it directly

    def _loop(self) -> None:
        while not self._stopped.is_set():
            self._woken.clear()
            self._woken.wait(self._run())

    def _run(self) -> float:
        """Run what is due; the seconds to sleep before the next run."""
        try:
            self.dispatcher.run_due()
            next_due = self.dispatcher.next_due()
        except Exception:
            # The next wake-up tries again; the database still says what is due.
            log.exception("The dispatcher failed; retrying at the next interval")
            return self.interval_seconds
        if next_due is None:
            return self.interval_seconds
        until_due = (next_due - self.dispatcher.clock.now()).total_seconds()
        return min(max(until_due, 0.0), self.interval_seconds)
