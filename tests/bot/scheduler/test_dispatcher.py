"""The dispatcher's own rules: retry with backoff, give up and tell the facilitator, take over what a
crashed instance held without repeating what it sent, and hand back claims when stopping."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.process.clock import ManualClock
from bot.scheduler.dispatcher import Dispatcher, DispatchPolicy
from bot.scheduler.jobs import Job, Result
from bot.scheduler.loop import BotScheduler
from bot.services.scheduling import ItemKind
from storage.models import ScheduledItem, ScheduledState, Workshop
from storage.repositories import ScheduledRepository
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import items, reminders, start


def schedule(ws: Workspace, workshop: Workshop, kind: str, clock: ManualClock) -> None:
    with ws.bot.runtime.sessions() as session:
        ScheduledRepository(session).add(
            team_id=TEAM, workshop_id=workshop.id, kind=kind, dedupe_key="test", due_at=clock.now()
        )
        session.commit()


def dispatcher(ws: Workspace, clock: ManualClock, **handlers: object) -> Dispatcher:
    runtime = ws.bot.runtime
    policy = DispatchPolicy(max_attempts=3)
    return Dispatcher(
        runtime.sessions, runtime.catalog, ws.bot.app.client, clock, policy=policy, handlers=handlers
    )  # type: ignore[arg-type]


def test_a_failing_item_is_retried_later_then_given_up_and_the_facilitator_told(
    timed: Workspace, clock: ManualClock
) -> None:
    workshop = start(timed, "U_CEO")
    tries: list[int] = []

    def unreachable(job: Job) -> Result:
        tries.append(job.item.attempts)
        raise ConnectionError("the network is down")

    schedule(timed, workshop, "unreachable", clock)
    runner = dispatcher(timed, clock, unreachable=unreachable)
    [first] = runner.run_due()
    assert (first.state, first.outcome) == (
        ScheduledState.PENDING,
        "retrying: ConnectionError: the network is down",
    )
    assert runner.run_due() == []  # not before its backoff
    clock.advance(timedelta(minutes=1))
    runner.run_due()
    clock.advance(timedelta(minutes=1))
    assert runner.run_due() == []  # the second wait is twice as long
    clock.advance(timedelta(minutes=1))
    [last] = runner.run_due()
    assert last.state is ScheduledState.FAILED and tries == [0, 1, 2]
    [told] = [m.readable_text() for m in timed.facilitator.dm() if "could not be done" in m.readable_text()]
    assert f"Workshop #{workshop.id}" in told and "failed 3 times" in told
    clock.advance(timedelta(hours=2))
    assert runner.run_due() == []

    # An item no handler knows (scheduled by a newer version, say) is dropped, not retried.
    with timed.bot.runtime.sessions() as session:
        ScheduledRepository(session).add(
            team_id=TEAM,
            workshop_id=workshop.id,
            kind="from_a_newer_version",
            dedupe_key="x",
            due_at=clock.now(),
        )
        session.commit()
    [dropped] = runner.run_due()
    assert dropped.state is ScheduledState.CANCELLED and "no handler" in dropped.outcome


def test_a_crashed_instances_item_is_taken_over_without_sending_twice(
    timed: Workspace, clock: ManualClock
) -> None:
    start(timed)
    clock.advance(timedelta(hours=24))
    timed.bot.run_due()
    assert all(len(reminders(timed, user)) == 1 for user in PANEL)
    # As if an instance had written the CEO's reminder, recorded it, and died before marking it done.
    [sent, *_] = [i for i in items(timed, ItemKind.NUDGE) if i.state is ScheduledState.DONE]
    with timed.bot.runtime.sessions() as session:
        session.execute(
            update(ScheduledItem)
            .where(ScheduledItem.id == sent.id)
            .values(
                state=ScheduledState.CLAIMED,
                claimed_by="crashed",
                lease_until=clock.now() + timedelta(minutes=5),
            )
        )
        session.commit()
    assert timed.bot.run_due() == []  # its lease still runs
    clock.advance(timedelta(minutes=6))
    [taken] = timed.bot.run_due()
    assert (taken.item_id, taken.state, taken.outcome) == (sent.id, ScheduledState.DONE, "written")
    assert all(len(reminders(timed, user)) == 1 for user in PANEL)


def test_stopping_hands_back_what_the_instance_still_holds(timed: Workspace, clock: ManualClock) -> None:
    start(timed, "U_CEO")
    clock.advance(timedelta(hours=24))
    owner = timed.bot.dispatcher.owner
    with timed.bot.runtime.sessions() as session:
        # Claimed in the instance's current batch but not run yet when the stop comes.
        [held] = ScheduledRepository(session).claim_due(clock.now(), owner, timedelta(minutes=5), 1)
        session.commit()
    BotScheduler(timed.bot.dispatcher, interval_seconds=3600).start().stop()
    [item] = [i for i in items(timed) if i.id == held.id]
    assert (item.state, item.claimed_by) == (ScheduledState.PENDING, None)
    assert [r.item_id for r in timed.bot.run_due() if r.kind == ItemKind.NUDGE] == [held.id]
