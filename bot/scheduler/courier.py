"""Sending the outbox's posts as soon as the transaction that wrote them commits.

SQLAlchemy tells every session of the runtime's factory when it commits (`after_commit`, a
documented session event); the posts that transaction wrote (`bot.delivery.outbox`) then go out
on the runtime's outbox pool, each commit's in the order written, through the dispatcher, which
claims each one first: a post another instance or the dispatcher's loop already has is left to it.
A process that dies before sending leaves the posts due, and any instance's loop sends them.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.delivery.outbox import WRITTEN
from bot.edge.executor import ListenerExecutor
from bot.process.runtime import Runtime
from bot.scheduler.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class Courier:
    def __init__(self, dispatcher: Dispatcher, pool: ListenerExecutor) -> None:
        self._dispatcher = dispatcher
        self._pool = pool

    @classmethod
    def watch(cls, runtime: Runtime, dispatcher: Dispatcher) -> Courier:
        courier = cls(dispatcher, runtime.outbox_pool())
        hooks = [("after_commit", courier._committed), ("after_rollback", _forget)]
        for name, listener in hooks:
            event.listen(runtime.sessions, name, listener)

        # SQLAlchemy keeps session listeners in a class-wide registry, keyed weakly by the factory's
        # Session class; the courier they hold refers back to that class, so left there they would
        # keep the closed runtime, its app and all it held alive for the rest of the process.
        def unhook() -> None:
            for name, listener in hooks:
                event.remove(runtime.sessions, name, listener)

        runtime.unhooks.append(unhook)
        return courier

    def _committed(self, session: Session) -> None:
        written: list[int] | None = session.info.pop(WRITTEN, None)
        if written:
            self._pool.submit(self._send, written)

    def _send(self, item_ids: list[int]) -> None:
        for item_id in item_ids:
            try:
                self._dispatcher.run_item(item_id)
            except Exception:
                # The item stays due (or claimed until its lease ends): the dispatcher's loop has it.
                log.exception("Sending post %s from the outbox failed; the dispatcher will retry it", item_id)


def _forget(session: Session) -> None:
    session.info.pop(WRITTEN, None)  # rolled back: those posts were never written
