"""APScheduler in the bot process: one interval job that wakes the dispatcher, and nothing else.

What is due, and whether it was done, lives in the database; APScheduler keeps no jobs of its own
(its memory store is fine, since losing it loses nothing). The job also runs once at start, so
items that fell due while the bot was down go out at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler.dispatcher import Dispatcher

log = logging.getLogger(__name__)
JOB_ID = "dispatch-due-items"


class BotScheduler:
    def __init__(self, dispatcher: Dispatcher, interval_seconds: float) -> None:
        self.dispatcher = dispatcher
        self.interval_seconds = interval_seconds
        self._scheduler = BackgroundScheduler(timezone=UTC)

    def start(self) -> BotScheduler:
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.interval_seconds, timezone=UTC),
            id=JOB_ID,
            next_run_time=datetime.now(UTC),  # at once: whatever fell due while the bot was down
            max_instances=1,  # a slow run is never overlapped by the next one
            coalesce=True,  # wake-ups missed while a run was slow collapse into one
            misfire_grace_time=None,
        )
        self._scheduler.start()
        log.info("Scheduler started: looking for due items every %s s", self.interval_seconds)
        return self

    def also_every(self, seconds: float, job: Callable[[], object], job_id: str) -> BotScheduler:
        """Another periodic chore on the same scheduler (for example finishing posts a dead instance
        left undone); like the dispatcher, it never overlaps itself and a failure waits for next time."""

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

    def wake(self) -> None:
        """Run the dispatcher now rather than at the next interval."""
        self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(UTC))

    def stop(self) -> None:
        """Let the item in hand finish, then hand back every item this instance still holds."""
        self.dispatcher.request_stop()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        released = self.dispatcher.release()
        if released:
            log.info("Handed back %d claimed item(s) for another instance", released)
        self.dispatcher.resume()  # nothing runs it now unless someone calls it directly

    def _tick(self) -> None:
        try:
            self.dispatcher.run_due()
        except Exception:
            # The next wake-up tries again; the database still says what is due.
            log.exception("The dispatcher failed; retrying at the next interval")
