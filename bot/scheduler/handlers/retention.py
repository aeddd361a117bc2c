"""The daily retention purge (RETENTION_MONTHS): answers and free text of workshops decided longer
ago, whose check-ins are done, are purged; then tomorrow's purge is scheduled."""

from __future__ import annotations

from datetime import timedelta

from bot.scheduler.jobs import Done, Job, Result
from bot.services.retention import due_for_purge, purge
from bot.services.scheduling import schedule_retention
from storage.erasure import clear_from_disk

EVERY = timedelta(days=1)


def purge_expired(job: Job) -> Result:
    months = job.workshops.scope.privacy.retention_months
    if months is None:
        return Done("skipped: RETENTION_MONTHS is not set, so answers are kept")  # and no next one
    purged = purge(job.session, due_for_purge(job.session, job.now, months), job.now)
    schedule_retention(job.session, job.now + EVERY)
    session = job.session
    # Once committed: on SQLite, the purged text leaves the write-ahead log too.
    then = (lambda: clear_from_disk(session)) if purged.workshops else None
    return Done(f"purged {purged.describe()}", then=then)
