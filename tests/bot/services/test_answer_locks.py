"""Answers take the workshop's lock shared, closing takes it exclusively: raced for real, with one
session per racer. A close waits for the answers in flight and counts them; an answer that arrives
while a close is in flight waits and is then refused; on PostgreSQL people answering at once do not
wait for each other (SQLite has one writer, so there they take turns)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.process.clock import ManualClock
from bot.services.workshops import WorkshopService
from flows.errors import WrongState
from flows.loader import FlowCatalog
from storage.models import Workshop
from tests.bot.services.conftest import FACILITATOR, TEAM

HELD_S = 0.5  # how long the first racer keeps its transaction open
WAIT_S = 15.0  # at most, for the second racer once the first has committed


class Racer:
    """`act(service)` then a commit, in a thread and a session of its own."""

    def __init__(
        self, sessions: sessionmaker[Session], service: Callable[[Session], WorkshopService]
    ) -> None:
        self.sessions, self.service = sessions, service
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self, act: Callable[[WorkshopService], Any]) -> Racer:
        def run() -> None:
            with self.sessions() as session:
                try:
                    self.result = act(self.service(session))
                    session.commit()
                except BaseException as error:  # handed to the test's thread
                    self.error = error
                finally:
                    self.done.set()

        threading.Thread(target=run, daemon=True).start()
        return self

    def finished(self) -> Any:
        assert self.done.wait(WAIT_S), "the second racer never finished"
        if self.error is not None:
            raise self.error
        return self.result


def _services(catalog: FlowCatalog, clock: ManualClock) -> Callable[[Session], WorkshopService]:
    return lambda session: WorkshopService(session, catalog, clock.now)


def test_a_close_waits_for_answers_in_flight_and_counts_them(
    session_factory: sessionmaker[Session],
    catalog: FlowCatalog,
    clock: ManualClock,
    start_workshop: Callable[..., Workshop],
) -> None:
    # Named: an anonymous round would stay open with one answer (the minimum group).
    workshop = start_workshop(anonymous=False)
    services = _services(catalog, clock)
    with session_factory() as answering:
        services(answering).record_answers(
            TEAM, workshop.id, "UCEO", {"capability": False, "budget": "small"}
        )
        closing = Racer(session_factory, services).start(
            lambda s: s.close_round(TEAM, workshop.id, by_user=FACILITATOR)
        )
        assert not closing.done.wait(HELD_S), "the close went ahead while answers were being stored"
        answering.commit()
    outcome = closing.finished()
    assert outcome is not None and outcome.analysis.participation.answered == 1


def test_an_answer_arriving_while_a_close_is_in_flight_waits_and_is_refused(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    services = _services(catalog, clock)
    with session_factory() as closing:
        assert services(closing).close_round(TEAM, workshop.id, by_user=FACILITATOR) is not None
        answering = Racer(session_factory, services).start(
            lambda s: s.record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        )
        assert not answering.done.wait(HELD_S), "an answer was taken while the round was closing"
        closing.commit()
    try:
        answering.finished()
    except WrongState as refused:
        assert "closed on" in str(refused)
    else:
        raise AssertionError("an answer landed after the round closed")


def test_people_answering_at_once_wait_for_each_other_only_on_sqlite(
    session_factory: sessionmaker[Session], catalog: FlowCatalog, clock: ManualClock, workshop: Workshop
) -> None:
    services = _services(catalog, clock)
    with session_factory() as first:
        services(first).record_answers(TEAM, workshop.id, "UCEO", {"capability": True})
        second = Racer(session_factory, services).start(
            lambda s: s.record_answers(TEAM, workshop.id, "UCTO", {"capability": False})
        )
        went_ahead = second.done.wait(HELD_S)
        first.commit()
        assert second.finished() == 1
        one_writer = first.get_bind().dialect.name == "sqlite"
    assert went_ahead is not one_writer, "PostgreSQL answers share the lock; SQLite's writers take turns"
