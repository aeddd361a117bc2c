"""The dispatcher: claim what is due, run each item's handler, and settle the item.

Claims are atomic in the database (see `ScheduledRepository.claim_due`), so any number of bot
instances can run a dispatcher on one database and each item is run by one of them. An item whose
claimer died is taken over once its lease runs out; its handler's progress record keeps the re-run
from repeating what was already sent.

An item spends most of its run waiting on Slack and on the disk, so a few claimed items run at
once, each on a thread and a session of its own; claims being per item, running them side by side
is as safe as running them one by one.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import Clock
from bot.process.liveness import HOST, scheduler_owner_is_gone
from bot.process.runtime import Runtime
from bot.scheduler.handlers import HANDLERS
from bot.scheduler.jobs import Defer, Done, Dropped, Handler, Job, Result
from bot.services.privacy import Privacy
from bot.services.scheduling import NO_TEAM, ItemKind
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from bot.workflows.failures import UNINSTALLED, describe, retry_delay, slack_code, tell_facilitator, what_of
from flows.errors import WorkshopError
from flows.loader import FlowCatalog
from storage.models import ScheduledItem, ScheduledState, Workshop
from storage.repositories import ClaimedItem, ScheduledRepository

log = logging.getLogger(__name__)

ClientForTeam = Callable[[str], WebClient]


@dataclass(frozen=True)
class DispatchPolicy:
    interval: timedelta = timedelta(seconds=30)  # the longest the scheduler sleeps between wake-ups
    lease: timedelta = timedelta(minutes=5)  # longer than any handler takes
    batch: int = 20  # claimed in one transaction: one commit (one fsync on SQLite) for all of them
    # Items run at once. Small: each holds a pooled connection, SQLite still writes one at a time,
    # and Slack's per-method limits, not this, bound a workspace's pace.
    workers: int = 4
    max_attempts: int = 5

    @property
    def longest_run(self) -> float:
        """Seconds one wake-up keeps claiming, so a backlog never keeps a stop or a restart waiting
        on it; what is still due then is claimed by the next wake-up, at once."""
        return self.interval.total_seconds()


@dataclass(frozen=True)
class Ran:
    """What one run did to one item."""

    item_id: int
    kind: str
    state: ScheduledState | None  # None: the lease was lost and another instance has the item
    outcome: str


def new_owner() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        catalog: FlowCatalog,
        client: WebClient | ClientForTeam,
        clock: Clock,
        *,
        policy: DispatchPolicy | None = None,
        owner: str | None = None,
        handlers: Mapping[str, Handler] | None = None,
        privacy: Privacy = Privacy(),  # noqa: B008 - frozen, so one shared default is safe
    ) -> None:
        self.sessions = sessions
        self.privacy = privacy
        self.catalog = catalog
        # One client for a single-workspace bot, or each workspace's own (its installation's token).
        self.client_for: ClientForTeam = client if callable(client) else lambda _team_id: client
        self.clock = clock
        self.policy = policy or DispatchPolicy()
        self.owner = owner or new_owner()
        self.handlers = dict(HANDLERS if handlers is None else handlers)
        self._stopping = threading.Event()

    @classmethod
    def for_runtime(
        cls, runtime: Runtime, client: WebClient | ClientForTeam, *, owner: str | None = None
    ) -> Dispatcher:
        policy = DispatchPolicy(interval=timedelta(seconds=runtime.settings.scheduler_interval_seconds))
        return cls(
            runtime.sessions,
            runtime.catalog,
            client,
            runtime.clock,
            policy=policy,
            owner=owner,
            privacy=runtime.settings.privacy,
        )

    def run_due(self, now: datetime | None = None) -> list[Ran]:
        """Run everything due (at `now`, or at the clock's time as it goes on), several items at
        once, until nothing is due or `policy.longest_run` has passed; returns what was done."""
        stop_claiming_at = time.monotonic() + self.policy.longest_run
        self.release_orphaned()
        started: list[Future[Ran | None]] = []
        running: set[Future[Ran | None]] = set()
        drained = False
        with ThreadPoolExecutor(self.policy.workers, thread_name_prefix="dispatch") as pool:
            while True:
                # Claim again as soon as a worker is free, so the pool never waits on a claim.
                if not drained and len(running) < self.policy.workers and self._may_claim(stop_claiming_at):
                    at = now or self.clock.now()
                    batch = self._claim(at)
                    drained = not batch
                    futures = [pool.submit(self._run_unless_stopping, item, at) for item in batch]
                    started += futures
                    running.update(futures)
                if not running:
                    break
                _, running = wait(running, return_when=FIRST_COMPLETED)
        if self._stopping.is_set():
            self.release()  # only now: every item a worker started has been settled
        return [ran for future in started if (ran := future.result()) is not None]

    def next_due(self) -> datetime | None:
        """When the next item falls due, or a claimed one's lease runs out; None when nothing waits."""
        pending = select(func.min(ScheduledItem.due_at)).where(ScheduledItem.state == ScheduledState.PENDING)
        claimed = select(func.min(ScheduledItem.lease_until)).where(
            ScheduledItem.state == ScheduledState.CLAIMED
        )
        with self.sessions() as session:
            moments = [session.scalar(pending), session.scalar(claimed)]
        return min((m for m in moments if m is not None), default=None)

    def run_item(self, item_id: int, now: datetime | None = None) -> Ran | None:
        """Run one item now if it is due and nobody else holds it (a listener that made it due)."""
        now = now or self.clock.now()
        with self.sessions.begin() as session:
            item = ScheduledRepository(session).claim(item_id, now, self.owner, self.policy.lease)
        return None if item is None else self._run(item, now)

    def request_stop(self) -> None:
        """Finish the items in hand, then hand back the rest of what was claimed."""
        self._stopping.set()

    def resume(self) -> None:
        """Accept work again after a stop (a scheduler restarted in the same process)."""
        self._stopping.clear()

    def release(self) -> int:
        with self.sessions.begin() as session:
            return ScheduledRepository(session).release(self.owner)

    def release_orphaned(self) -> int:
        """Hand back at once what a process of this host claimed before it died (a restarted bot
        finishes its predecessor's work now, not when the leases run out)."""
        with self.sessions.begin() as session:
            items = ScheduledRepository(session)
            orphaned = [owner for owner in items.claimers() if scheduler_owner_is_gone(owner)]
            released = sum(items.release_orphaned(owner) for owner in orphaned)
        if released:
            log.info("Took over %d item(s) a stopped process had claimed", released)
        return released

    def _claim(self, now: datetime) -> list[ClaimedItem]:
        with self.sessions.begin() as session:
            return ScheduledRepository(session).claim_due(
                now, self.owner, self.policy.lease, self.policy.batch
            )

    def _may_claim(self, stop_claiming_at: float) -> bool:
        return not self._stopping.is_set() and time.monotonic() < stop_claiming_at

    def _run_unless_stopping(self, item: ClaimedItem, now: datetime) -> Ran | None:
        """On a worker: run the item unless a stop came first (it is handed back, not run)."""
        if self._stopping.is_set():
            return None
        try:
            return self._run(item, now)
        except Exception:
            # The item stays claimed until its lease runs out, then is retried; the others go on.
            log.exception("Scheduled %s %s could not be settled", item.kind, item.id)
            return None

    def _run(self, item: ClaimedItem, now: datetime) -> Ran:
        late = now - item.due_at > self.policy.interval
        then: Callable[[], object] | None = None
        with self.sessions() as session:
            try:
                job = Job(
                    item=item,
                    session=session,
                    workshops=WorkshopService(
                        ServiceScope(session, self.catalog, self.clock.now, self.privacy)
                    ),
                    client=self.client_for(item.team_id) if item.team_id != NO_TEAM else NO_SLACK,
                    owner=self.owner,
                    now=now,
                    late=late,
                    progress=dict(item.progress),
                )
                result = self._handler(item)(job)
            except Exception as error:
                session.rollback()
                ran, tell = self._failed(session, item, now, error)
            else:
                ran, tell = self._settle(session, item, result, job.progress), None
                then = result.then if isinstance(result, Done) else None
            # The item's one commit: the handler's work (and its posts) with the item's settling.
            session.commit()
            if tell is not None:
                self._tell(session, item, tell)
            elif then is not None and ran.state is ScheduledState.DONE:
                self._then(item, then)
            return ran

    def _then(self, item: ClaimedItem, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:
            log.exception("The work after scheduled %s %s failed; the item is done", item.kind, item.id)

    def _handler(self, item: ClaimedItem) -> Handler:
        handler = self.handlers.get(item.kind)
        if handler is None:
            raise Dropped(f"no handler for items of kind {item.kind!r}", tell_facilitator=False)
        return handler

    def _settle(self, session: Session, item: ClaimedItem, result: Result, progress: dict[str, Any]) -> Ran:
        items = ScheduledRepository(session)
        if isinstance(result, Defer):
            kept = items.defer(item.id, self.owner, result.until, result.outcome)
            state = ScheduledState.PENDING
        else:
            recorded = {**progress, **result.recorded} if result.recorded else None
            kept = items.finish(item.id, self.owner, self.clock.now(), result.outcome, recorded)
            state = ScheduledState.DONE
        if not kept:
            return Ran(item.id, item.kind, None, "lease lost: another instance has it")
        log.info("Scheduled %s %s: %s", item.kind, item.id, result.outcome)
        return Ran(item.id, item.kind, state, result.outcome)

    def _failed(
        self, session: Session, item: ClaimedItem, now: datetime, error: Exception
    ) -> tuple[Ran, str | None]:
        """The failure recorded on the item (uncommitted), and what to tell the facilitator, if anything."""
        items = ScheduledRepository(session)
        permanent = _permanent(error)
        if permanent is not None:
            kept = items.drop(item.id, self.owner, now, permanent.reason)
            log.warning("Scheduled %s %s cancelled: %s", item.kind, item.id, permanent.reason)
            tell = permanent.reason if kept and permanent.tell_facilitator else None
            return Ran(item.id, item.kind, ScheduledState.CANCELLED if kept else None, permanent.reason), tell
        reason = describe(error)
        if item.attempts + 1 >= self.policy.max_attempts:
            kept = items.fail(item.id, self.owner, now, reason)
            log.error("Scheduled %s %s failed for good: %s", item.kind, item.id, reason, exc_info=error)
            tell = f"it failed {item.attempts + 1} times; last: {reason}" if kept else None
            return Ran(item.id, item.kind, ScheduledState.FAILED if kept else None, reason), tell
        kept = items.retry(item.id, self.owner, now + retry_delay(item.attempts), reason)
        log.warning("Scheduled %s %s will be retried: %s", item.kind, item.id, reason, exc_info=error)
        ran = Ran(item.id, item.kind, ScheduledState.PENDING if kept else None, f"retrying: {reason}")
        return ran, None

    def _tell(self, session: Session, item: ClaimedItem, why: str) -> None:
        workshop = session.get(Workshop, item.workshop_id) if item.workshop_id is not None else None
        if workshop is None:
            return
        try:
            client = self.client_for(item.team_id)
        except WorkshopError as error:  # the workspace is gone: nobody there to tell
            log.warning("Cannot tell the facilitator of workshop %s: %s", workshop.id, error.problem)
            return
        what = str(item.payload.get("what")) if item.kind == ItemKind.SEND else what_of(item.kind)
        tell_facilitator(client, workshop.facilitator_id, workshop.id, what, why)


# Work of no workspace (the retention purge) has no token to call Slack with, and never does.
NO_SLACK = WebClient(token=None)


def _permanent(error: Exception) -> Dropped | None:
    """The failure as a reason to drop the item, or None when retrying may help."""
    if isinstance(error, Dropped):
        return error
    code = slack_code(error)
    if code in UNINSTALLED:
        return Dropped(f"the workspace uninstalled the app (Slack answered {code})", tell_facilitator=False)
    if isinstance(error, WorkshopError):
        return Dropped(str(error))
    return None
