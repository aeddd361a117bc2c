"""Everything a running bot shares across requests: settings, database, flows and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.executor import ListenerExecutor
from bot.edge.followups import FollowUps, Work
from bot.edge.handled_log import HandledLog
from bot.observability.metrics import Metrics
from bot.process.clock import Clock, SystemClock
from bot.process.settings import Settings
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import WorkshopError
from flows.loader import FlowCatalog
from storage.db import make_engine, make_session_factory

# The dispatcher's workers (`DispatchPolicy.workers`), the thread that claims for them, and the
# recovery pass.
SCHEDULER_CONNECTIONS = 6


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    catalog: FlowCatalog
    clock: Clock = field(default_factory=SystemClock)
    listeners: ListenerExecutor | None = None
    followups: FollowUps | None = None
    handled: HandledLog | None = None
    outbox: ListenerExecutor | None = None  # where committed posts are sent from (`bot.scheduler.courier`)
    metrics: Metrics = field(default_factory=Metrics)
    # Undone by `close`, last to first: what was hooked into process-wide registries for this runtime.
    unhooks: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def create(cls, settings: Settings, clock: Clock | None = None) -> Runtime:
        # Each listener thread holds its unit of work's connection (`bot.edge.units`) and each follow-up
        # thread one more; room for three per listener thread (the third was the acknowledgement's
        # own, before the handled log took it off the request path: now spare), plus the
        # scheduler's, keeps the pool from ever running dry, the handled log's one writer included.
        # Kept open: one per listener thread unless told otherwise. A connection the pool opens beyond
        # those is closed when it comes back, and opening one cost more CPU than the request it
        # served (PostgreSQL under 20 concurrent answers opened one for most of them).
        kept = settings.db_pool_size or settings.listener_threads
        wanted = 3 * settings.listener_threads + SCHEDULER_CONNECTIONS
        overflow = max(10, wanted - kept)
        engine = make_engine(settings.database_url, pool_size=kept, max_overflow=overflow)
        sessions = make_session_factory(engine)
        clock = clock or SystemClock()
        metrics = Metrics()
        metrics.watch_database(sessions, clock.now)
        return cls(
            settings=settings,
            engine=engine,
            sessions=sessions,
            catalog=FlowCatalog.load(settings.flows_dir),
            clock=clock,
            listeners=ListenerExecutor(settings.listener_threads),
            followups=FollowUps(sessions, settings.listener_threads),
            handled=HandledLog(sessions),
            metrics=metrics,
        )

    def scope(self, session: Session) -> ServiceScope:
        """What the domain services of a unit of work over `session` share (`bot.services.scope`)."""
        return ServiceScope(session, self.catalog, self.clock.now, self.settings.privacy)

    def service(self, session: Session) -> WorkshopService:
        return WorkshopService(self.scope(session))

    def listener_pool(self) -> ListenerExecutor:
        """Where Bolt runs listeners, after the acknowledgement (`bot.app`)."""
        if self.listeners is None:
            self.listeners = ListenerExecutor(self.settings.listener_threads)
        return self.listeners

    def after_ack(self, work: Work, *, tell: Callable[[WorkshopError], None]) -> None:
        """Run `work` with a session of its own, off the listener pool (see `bot.edge.followups`)."""
        if self.followups is None:
            self.followups = FollowUps(self.sessions, self.settings.listener_threads)
        self.followups.submit(work, tell=tell)

    def outbox_pool(self) -> ListenerExecutor:
        if self.outbox is None:
            self.outbox = ListenerExecutor(self.settings.listener_threads, name="outbox")
        return self.outbox

    def handled_log(self) -> HandledLog:
        """Where acknowledgements queue their requests to be recorded as handled (`bot.edge.retries`)."""
        if self.handled is None:
            self.handled = HandledLog(self.sessions)
        return self.handled

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Listener, follow-up and outbox work done, every acknowledged request recorded (each given
        `timeout`)."""
        listeners_idle = self.listeners is None or self.listeners.wait_idle(timeout)
        followups_idle = self.followups is None or self.followups.wait_idle(timeout)
        outbox_idle = self.outbox is None or self.outbox.wait_idle(timeout)
        handled_idle = self.handled is None or self.handled.wait_idle(timeout)
        return listeners_idle and followups_idle and outbox_idle and handled_idle

    def close(self) -> None:
        if self.listeners is not None:
            self.listeners.shutdown(wait=True)  # work already acknowledged to Slack finishes
        if self.followups is not None:
            self.followups.shutdown()
        if self.outbox is not None:
            # Posts being sent finish; those still queued stay due in the outbox, for the dispatcher
            # of this instance's next start or of another: a paced backlog does not hold up a stop.
            self.outbox.shutdown(wait=True, cancel_futures=True)
        if self.handled is not None:
            self.handled.close()  # before the engine goes: what is queued is still written
        while self.unhooks:
            self.unhooks.pop()()
        self.engine.dispose()
