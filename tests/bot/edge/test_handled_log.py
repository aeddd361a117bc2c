"""The handled log writes acknowledged requests' digests after the acknowledgement, in batches, on
both databases: what queued while a write was held up goes in one transaction, two instances may
record the same digests, closing writes what is queued, and stale rows go at most once a minute."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.handled_log import HandledLog
from storage.db import make_engine, make_session_factory
from storage.handled import KEPT_FOR
from storage.models import HandledRequest

NOW = datetime.now(UTC)


@pytest.fixture
def handled(session_factory: sessionmaker[Session]) -> Iterator[HandledLog]:
    log = HandledLog(session_factory)
    yield log
    log.close()


def stored(engine: Engine) -> dict[str, datetime]:
    with Session(engine) as session:
        rows = session.execute(select(HandledRequest.digest, HandledRequest.handled_at))
        return {digest: at for digest, at in rows}


def wait_until(condition: object, what: str) -> None:
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while not condition():  # type: ignore[operator]
        assert datetime.now(UTC) < deadline, f"timed out waiting until {what}"
        threading.Event().wait(0.01)


class HeldRow:
    """Another transaction writing the digest `first` and not yet committing: on SQLite it holds the
    one write lock, on PostgreSQL the row, so the log's write of `first` waits for it."""

    def __init__(self, factory: sessionmaker[Session], at: datetime) -> None:
        self.session = factory()
        self.session.add(HandledRequest(digest="first", handled_at=at))
        self.session.flush()

    def release(self) -> None:
        self.session.commit()
        self.session.close()


def test_what_queues_during_a_write_goes_in_the_next_single_batch(
    handled: HandledLog, session_factory: sessionmaker[Session], engine: Engine
) -> None:
    held = HeldRow(session_factory, NOW - timedelta(seconds=1))
    handled.record(["first"], NOW)
    wait_until(lambda: handled.queued == 0, "the writer took the first digest")
    for number in range(10):
        handled.record([f"d{number}", f"click{number % 3}"], NOW + timedelta(milliseconds=number))
    # Not in the database yet, but this instance already knows them.
    assert handled.pending_since("d9", NOW)
    assert handled.pending_since("click0", NOW + timedelta(milliseconds=9))
    assert not handled.pending_since("click0", NOW + timedelta(milliseconds=10))
    assert handled.queued == 13
    held.release()

    assert handled.wait_idle(10)
    assert handled.batches_written == 2
    rows = stored(engine)
    assert set(rows) == {"first", *(f"d{n}" for n in range(10)), "click0", "click1", "click2"}
    # The later time wins, whether it came from the other transaction or from the same batch.
    assert rows["first"] == NOW
    assert rows["click0"] == NOW + timedelta(milliseconds=9)
    assert not handled.pending_since("d9", NOW)


def test_a_later_time_is_kept_and_an_earlier_one_does_not_undo_it(
    handled: HandledLog, engine: Engine
) -> None:
    handled.record(["click"], NOW)
    assert handled.wait_idle(10)
    handled.record(["click"], NOW + timedelta(seconds=7))
    assert handled.wait_idle(10)
    handled.record(["click"], NOW + timedelta(seconds=2))
    assert handled.wait_idle(10)
    assert stored(engine) == {"click": NOW + timedelta(seconds=7)}


def test_two_instances_record_the_same_digests_at_once(
    database_url: str, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    logs = [HandledLog(make_session_factory(e)) for e in engines]
    start = threading.Barrier(2)

    def record(log: HandledLog, offset: int) -> None:
        start.wait()
        for number in range(300):
            # Both instances see every request; the second one a moment later, in the other order.
            digest = f"d{number if offset == 0 else 299 - number}"
            log.record([digest], NOW + timedelta(milliseconds=offset))

    threads = [threading.Thread(target=record, args=(log, n)) for n, log in enumerate(logs)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert all(log.wait_idle(10) for log in logs)
    finally:
        for log in logs:
            log.close()
        for each in engines:
            each.dispose()

    assert "Could not record" not in caplog.text
    rows = stored(engine)
    assert len(rows) == 300
    assert set(rows.values()) == {NOW + timedelta(milliseconds=1)}


def test_closing_writes_what_is_queued_then_stops(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    handled = HandledLog(session_factory)
    held = HeldRow(session_factory, NOW)
    handled.record(["first"], NOW)
    wait_until(lambda: handled.queued == 0, "the writer took the first digest")
    many = [f"d{number}" for number in range(1001)]  # a batch larger than any burst of requests
    handled.record(many, NOW)
    closing = threading.Thread(target=handled.close)
    closing.start()
    held.release()
    closing.join(15)

    assert not closing.is_alive()
    assert set(stored(engine)) == {"first", *many}
    handled.record(["too late"], NOW)  # acknowledged after the bot stopped: dropped, not left queued
    assert handled.wait_idle(0) and "too late" not in stored(engine)


def test_stale_rows_are_forgotten_at_most_once_a_minute(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    def stale(digest: str) -> None:
        with session_factory() as session:
            session.add(HandledRequest(digest=digest, handled_at=NOW - KEPT_FOR - timedelta(minutes=1)))
            session.commit()

    once_a_minute = HandledLog(session_factory)
    every_time = HandledLog(session_factory, prune_every=timedelta(0))
    try:
        stale("old1")
        once_a_minute.record(["new1"], NOW)
        assert once_a_minute.wait_idle(10)
        assert "old1" not in stored(engine), "the first write did not prune"

        stale("old2")
        once_a_minute.record(["new2"], NOW)
        assert once_a_minute.wait_idle(10)
        assert {"old2", "new1", "new2"} <= set(stored(engine)), "pruned twice within a minute"

        every_time.record(["new3"], NOW)
        assert every_time.wait_idle(10)
        assert set(stored(engine)) == {"new1", "new2", "new3"}
    finally:
        once_a_minute.close()
        every_time.close()
