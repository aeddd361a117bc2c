"""Scheduled items and check-ins in the database: added once, claimed by one claimer, taken over
after a lease, settled only by their claimer; check-ins moved, cancelled and rated."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.services.scheduling import (
    ItemKind,
    NudgePlan,
    cancel_round,
    schedule_checkins,
    schedule_round,
)
from storage.db import make_engine, make_session_factory
from storage.models import (
    Participant,
    ScheduledItem,
    ScheduledState,
    Workshop,
)
from storage.repositories import ScheduledRepository
from tests.bot.services.conftest import START, TEAM

LEASE = timedelta(minutes=5)


def add(session: Session, key: str, due: datetime, kind: str = "nudge") -> None:
    ScheduledRepository(session).add(team_id=TEAM, workshop_id=None, kind=kind, dedupe_key=key, due_at=due)


def states(session: Session) -> dict[str, ScheduledState]:
    session.expire_all()
    return dict(session.execute(select(ScheduledItem.dedupe_key, ScheduledItem.state)).all())  # type: ignore[arg-type]


def test_scheduling_the_same_thing_twice_makes_one_item(session: Session) -> None:
    items = ScheduledRepository(session)
    assert items.add(team_id=TEAM, workshop_id=None, kind="nudge", dedupe_key="k", due_at=START)
    assert not items.add(team_id=TEAM, workshop_id=None, kind="nudge", dedupe_key="k", due_at=START + LEASE)
    session.commit()
    [item] = session.scalars(select(ScheduledItem)).all()
    assert (item.due_at, item.state, item.attempts) == (START, ScheduledState.PENDING, 0)


def test_only_what_is_due_is_claimed_oldest_first(session: Session) -> None:
    for key, hours in (("later", 2), ("first", -2), ("second", -1), ("now", 0)):
        add(session, key, START + timedelta(hours=hours))
    session.commit()
    claimed = ScheduledRepository(session).claim_due(START, "me", LEASE, limit=10)
    session.commit()
    assert [c.dedupe_key for c in claimed] == ["first", "second", "now"]
    assert states(session)["later"] is ScheduledState.PENDING
    assert ScheduledRepository(session).claim_due(START, "you", LEASE, limit=10) == []


def test_a_claim_takes_no_more_than_its_limit_however_many_are_due(session: Session) -> None:
    # Many more due than one claim takes, all at one moment (as a round's nudges are planned), some
    # not due yet, some held by a live claimer. PostgreSQL may run a claim's chooser again for each
    # row it updates; with ties in the order, each run chose other rows, and one claim took them all.
    for n in range(300):
        add(session, f"due-{n}", START - timedelta(minutes=1))
        add(session, f"later-{n}", START + timedelta(hours=1))
    session.commit()
    items = ScheduledRepository(session)
    held = {item.dedupe_key for item in items.claim_due(START, "other", LEASE, limit=50)}
    session.commit()
    batches = []
    while batch := items.claim_due(START, "me", LEASE, limit=20):
        session.commit()
        batches.append([item.dedupe_key for item in batch])
    assert [len(batch) for batch in batches] == [20] * 12 + [10]
    claimed = [key for batch in batches for key in batch]
    assert len(held) == 50 and sorted(claimed + sorted(held)) == sorted(f"due-{n}" for n in range(300))


def test_two_claimers_on_their_own_engines_never_claim_the_same_item(
    engine: Engine, database_url: str
) -> None:
    with make_session_factory(engine)() as session:
        for n in range(40):
            add(session, f"item-{n}", START - timedelta(minutes=n))
        session.commit()
    claimed: dict[str, list[int]] = {"one": [], "two": []}
    ready = threading.Barrier(2)

    def claim_all(owner: str) -> None:
        own = make_engine(database_url)
        try:
            ready.wait()
            with make_session_factory(own)() as session:
                while batch := ScheduledRepository(session).claim_due(START, owner, LEASE, limit=3):
                    session.commit()
                    claimed[owner] += [item.id for item in batch]
        finally:
            own.dispose()

    threads = [threading.Thread(target=claim_all, args=(owner,)) for owner in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not set(claimed["one"]) & set(claimed["two"])
    assert len(claimed["one"]) + len(claimed["two"]) == 40


def test_a_claim_whose_lease_ran_out_is_taken_over_and_counts_as_an_attempt(session: Session) -> None:
    add(session, "k", START)
    session.commit()
    items = ScheduledRepository(session)
    [dead] = items.claim_due(START, "crashed", LEASE, limit=1)
    session.commit()
    assert items.claim_due(START + LEASE - timedelta(seconds=1), "alive", LEASE, limit=1) == []
    [taken] = items.claim_due(START + LEASE + timedelta(seconds=1), "alive", LEASE, limit=1)
    session.commit()
    assert (taken.id, dead.attempts, taken.attempts) == (dead.id, 0, 1)
    # The crashed claimer, were it to wake up, can no longer settle the item.
    assert not items.finish(dead.id, "crashed", START, "sent")
    assert items.finish(taken.id, "alive", START, "sent")
    session.commit()
    assert states(session) == {"k": ScheduledState.DONE}


def test_settling_retrying_and_handing_back(session: Session) -> None:
    for key in ("done", "retry", "fail", "drop", "held"):
        add(session, key, START)
    session.commit()
    items = ScheduledRepository(session)
    claimed = {c.dedupe_key: c.id for c in items.claim_due(START, "me", LEASE, limit=10)}
    assert not items.finish(claimed["done"], "someone else", START, "sent", {"sent": "2.0"})
    assert items.finish(claimed["done"], "me", START, "sent", {"sent": "1.0"})
    items.retry(claimed["retry"], "me", START + timedelta(minutes=1), "Slack answered internal_error")
    items.fail(claimed["fail"], "me", START, "gave up")
    items.drop(claimed["drop"], "me", START, "the workspace uninstalled the app")
    assert items.release("me") == 1
    session.commit()
    assert states(session) == {
        "done": ScheduledState.DONE,
        "retry": ScheduledState.PENDING,
        "fail": ScheduledState.FAILED,
        "drop": ScheduledState.CANCELLED,
        "held": ScheduledState.PENDING,
    }
    retried = items.find(TEAM, "nudge", "retry")
    assert retried is not None and (retried.attempts, retried.last_error) == (
        1,
        "Slack answered internal_error",
    )
    done = items.find(TEAM, "nudge", "done")
    assert done is not None and done.progress == {"sent": "1.0"}


def test_closing_a_round_cancels_its_own_items_only(session: Session, workshop: Workshop) -> None:
    [first, *_] = workshop_participants(session, workshop)
    schedule_round(session, workshop, 1, START + timedelta(days=1), [NudgePlan(first, 4, START)])
    schedule_round(session, workshop, 2, START + timedelta(days=3), [NudgePlan(first, 4, START)])
    session.commit()
    assert cancel_round(session, workshop.id, 1) == 2
    session.commit()
    round1 = f"w{workshop.id}:r1:"
    assert {k.startswith(round1): s for k, s in states(session).items()} == {
        True: ScheduledState.CANCELLED,
        False: ScheduledState.PENDING,
    }


def test_bringing_an_item_forward(session: Session) -> None:
    add(session, "summary", START + timedelta(days=7), kind=ItemKind.CHECKIN_SUMMARY)
    session.commit()
    items = ScheduledRepository(session)
    item_id = items.bring_forward(TEAM, ItemKind.CHECKIN_SUMMARY, "summary", START)
    assert item_id is not None and items.bring_forward(TEAM, ItemKind.CHECKIN_SUMMARY, "other", START) is None
    assert [c.id for c in items.claim_due(START, "me", LEASE, limit=5)] == [item_id]


def test_a_decided_workshop_gets_a_checkin_for_each_chosen_month(session: Session, decided: Workshop) -> None:
    made = schedule_checkins(session, decided)
    assert schedule_checkins(session, decided) == made  # scheduling again changes nothing
    session.commit()
    assert [(c.months, c.due_at.date().isoformat()) for c in made] == [(6, "2027-05-10"), (12, "2027-11-10")]
    openings = session.scalars(select(ScheduledItem).where(ScheduledItem.kind == ItemKind.CHECKIN_OPEN)).all()
    assert sorted(i.due_at for i in openings) == [c.due_at for c in made]


def workshop_participants(session: Session, workshop: Workshop) -> list[int]:
    return list(session.scalars(select(Participant.id).where(Participant.workshop_id == workshop.id)))
