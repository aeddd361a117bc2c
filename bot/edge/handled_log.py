"""Writes the digests of acknowledged requests (`bot.edge.retries`) to the database off the request path.

Recording a request before its acknowledgement cost each request a transaction and a pooled
connection of its own, and on SQLite a turn at the one writer. It need not come first: Slack
retries only a request whose acknowledgement did not reach it within 3 s, and then a record written
at acknowledgement time would not have been seen by the retry either. So the acknowledgement only
queues its digests here; one thread per process writes whatever has queued in one transaction, at
once when it is idle, and forgets rows older than `KEPT_FOR` at most once a minute. Until a digest
is written this instance still recognises it from the queue; other instances see it a few
milliseconds later. A process killed outright loses what it had queued: those requests were
acknowledged, so Slack does not send them again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from storage.handled import KEPT_FOR, forget_handled_before, remember_handled

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(minutes=1)
CLOSE_SECONDS = 10.0


class HandledLog:
    def __init__(self, sessions: sessionmaker[Session], *, prune_every: timedelta = PRUNE_EVERY) -> None:
        self._sessions = sessions
        self._prune_every = prune_every.total_seconds()
        self._last_pruned: float | None = None
        self._queued: dict[str, datetime] = {}
        self._writing: dict[str, datetime] = {}
        self._changed = threading.Condition()
        self._closing = False
        self._stopped = False
        self.batches_written = 0  # for tests and benchmarks: how many transactions it took
        self._thread = threading.Thread(target=self._run, name="handled-log", daemon=True)
        self._thread.start()

    def record(self, digests: Iterable[str], at: datetime) -> None:
        """Queue the digests as handled at `at`; returns at once."""
        with self._changed:
            if self._stopped:
                log.warning("A request was acknowledged after the bot stopped recording them")
                return
            for digest in digests:
                self._queued[digest] = max(at, self._queued.get(digest, at))
            self._changed.notify_all()

    @property
    def queued(self) -> int:
        """How many digests wait for the writer (not those it is writing now)."""
        with self._changed:
            return len(self._queued)

    def pending_since(self, digest: str, since: datetime) -> bool:
        """Whether the digest is queued or being written, with a time at or after `since`."""
        with self._changed:
            times = [t for t in (self._queued.get(digest), self._writing.get(digest)) if t is not None]
        return any(at >= since for at in times)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once everything queued is written (or given up on); False if `timeout` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._queued and not self._writing, timeout)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Write what is queued, then stop the thread."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("Stopped with requests still to record as handled after %.0f s", timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._queued or self._closing)
                if not self._queued:
                    self._stopped = True  # closing, and everything is written
                    return
                batch = self._writing = self._queued
                self._queued = {}
            try:
                self._write(batch)
                self._prune_if_due()  # before going idle, so waiting for idle waits for it too
            finally:
                with self._changed:
                    self._writing = {}
                    self._changed.notify_all()

    def _write(self, batch: dict[str, datetime]) -> None:
        try:
            with self._sessions.begin() as session:
                remember_handled(session, batch)
            self.batches_written += 1
        except Exception:
            # At worst a retry of one of these requests is handled again, as if never acknowledged.
            log.exception("Could not record %d requests as handled", len(batch))

    def _prune_if_due(self) -> None:
        now = time.monotonic()
        if self._last_pruned is not None and now - self._last_pruned < self._prune_every:
            return
        self._last_pruned = now
        try:
            with self._sessions.begin() as session:
                forget_handled_before(session, datetime.now(UTC) - KEPT_FOR)
        except Exception:
            log.exception("Could not forget requests handled more than a day ago")
