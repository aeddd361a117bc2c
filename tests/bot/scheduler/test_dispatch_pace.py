"""Sending on time: claimed items run side by side, a wake-up keeps going while items are due (for a
while, not for a count), the loop wakes when the next item falls due, and a nudge asks Slack for
nothing it already knows. None of it may cost a stop its hand-back, Slack its Retry-After, or
SQLite its one writer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.scheduler.dispatcher import Dispatcher, DispatchPolicy
from bot.scheduler.jobs import Done, Job, Result
from bot.scheduler.loop import BotScheduler
from bot.services.scheduling import ItemKind
from bot.workflows.failures import DEACTIVATED
from storage.models import Participant, ScheduledState
from storage.repositories import ScheduledRepository
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import items, participant, reminders, start
from tests.sqlite_lock import held_write_lock


class RealTimeClock:
    """Ticks in real time from `start`, as production's clock does (the loop sleeps real seconds)."""

    def __init__(self, start: datetime) -> None:
        self._start, self._began = start, time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


def add_items(ws: Workspace, kind: str, due: datetime, count: int) -> None:
    with ws.bot.runtime.sessions() as session:
        for number in range(count):
            ScheduledRepository(session).add(
                team_id=TEAM, workshop_id=None, kind=kind, dedupe_key=f"{kind}:{number}", due_at=due
            )
        session.commit()


def dispatcher(
    ws: Workspace, clock: object, policy: DispatchPolicy, **handlers: Callable[[Job], Result]
) -> Dispatcher:
    runtime = ws.bot.runtime
    return Dispatcher(
        runtime.sessions,
        runtime.catalog,
        ws.bot.app.client,
        clock,
        policy=policy,
        handlers=handlers,  # type: ignore[arg-type]
    )


def states(ws: Workspace, kind: str) -> list[tuple[ScheduledState, str | None]]:
    return [(i.state, i.claimed_by) for i in items(ws, kind)]


def test_claimed_items_run_side_by_side(timed: Workspace, clock: ManualClock) -> None:
    # Each of four items waits for the other three: only four at once can all get through.
    together = threading.Barrier(4, timeout=10)

    def meet(job: Job) -> Result:
        together.wait()
        return Done("met")

    add_items(timed, "meet", clock.now(), 4)
    ran = dispatcher(timed, clock, DispatchPolicy(workers=4), meet=meet).run_due()
    assert sorted((r.state, r.outcome) for r in ran) == [(ScheduledState.DONE, "met")] * 4


def test_a_stop_finishes_the_items_in_hand_and_hands_back_the_rest(
    timed: Workspace, clock: ManualClock
) -> None:
    in_hand: list[int] = []
    both_in_hand, go_on = threading.Event(), threading.Event()

    def slow(job: Job) -> Result:
        in_hand.append(job.item.id)
        if len(in_hand) == 2:
            both_in_hand.set()
        assert go_on.wait(10)
        return Done("finished")

    add_items(timed, "slow", clock.now(), 6)
    runner = dispatcher(timed, clock, DispatchPolicy(workers=2, batch=6), slow=slow)
    ran: list[object] = []
    thread = threading.Thread(target=lambda: ran.extend(runner.run_due()))
    thread.start()
    assert both_in_hand.wait(10)
    runner.request_stop()
    go_on.set()
    thread.join(10)
    assert len(ran) == 2 and len(in_hand) == 2
    after = states(timed, "slow")
    assert after.count((ScheduledState.DONE, None)) == 2
    assert after.count((ScheduledState.PENDING, None)) == 4  # handed back, for the next wake-up


def test_one_wake_up_runs_a_backlog_of_more_batches_than_the_old_cap(
    timed: Workspace, clock: ManualClock
) -> None:
    # The dispatcher used to stop after 100 batches and leave the rest for the next interval.
    add_items(timed, "quick", clock.now(), 130)
    runner = dispatcher(timed, clock, DispatchPolicy(batch=1, workers=2), quick=lambda job: Done("quick"))
    assert len(runner.run_due()) == 130
    assert set(states(timed, "quick")) == {(ScheduledState.DONE, None)}


def test_a_wake_up_stops_claiming_once_its_time_is_up(timed: Workspace, clock: ManualClock) -> None:
    def slow(job: Job) -> Result:
        time.sleep(0.3)
        return Done("slow")

    add_items(timed, "slow", clock.now(), 20)
    policy = DispatchPolicy(interval=timedelta(seconds=1), batch=1, workers=1)
    ran = dispatcher(timed, clock, policy, slow=slow).run_due()
    assert 2 <= len(ran) < 20
    after = states(timed, "slow")
    assert after.count((ScheduledState.DONE, None)) == len(ran)
    assert after.count((ScheduledState.PENDING, None)) == 20 - len(ran)  # none left claimed


def test_the_loop_wakes_when_the_next_item_falls_due_not_an_interval_later(timed: Workspace) -> None:
    clock = RealTimeClock(datetime(2026, 10, 26, 14, 0, tzinfo=UTC))
    ran_at: list[datetime] = []
    ran = threading.Event()

    def note(job: Job) -> Result:
        ran_at.append(clock.now())
        ran.set()
        return Done("noted")

    due = clock.now() + timedelta(seconds=1.5)
    add_items(timed, "note", due, 1)
    loop = BotScheduler(dispatcher(timed, clock, DispatchPolicy(), note=note), interval_seconds=3600)
    loop.start()
    try:
        assert ran.wait(10), "the item was not run when it fell due"
    finally:
        loop.stop()
    assert timedelta(0) <= ran_at[0] - due < timedelta(seconds=3)


def test_a_nudge_uses_the_time_zone_kept_at_planning_and_asks_slack_only_when_it_is_missing(
    timed: Workspace, clock: ManualClock
) -> None:
    start(timed, "U_CEO", "U_CTO")  # planning the round looks each zone up once and keeps it
    assert participant(timed, "U_CEO").timezone == "America/New_York"
    with timed.bot.runtime.sessions() as session:
        session.execute(update(Participant).where(Participant.user_id == "U_CTO").values(timezone=None))
        session.commit()
    asked_before = len(timed.sandbox.calls_to("users.info"))
    clock.advance(timedelta(hours=24))
    timed.bot.run_due()
    assert len(reminders(timed, "U_CEO")) == 1 and len(reminders(timed, "U_CTO")) == 1
    asked = [c.arguments.get("user") for c in timed.sandbox.calls_to("users.info")[asked_before:]]
    assert asked == ["U_CTO"]
    assert participant(timed, "U_CTO").timezone == "America/New_York"  # kept for the next nudge


def test_a_deactivated_account_is_noticed_when_the_reminder_is_posted(
    timed: Workspace, clock: ManualClock
) -> None:
    start(timed, "U_CEO", "U_CFO")
    timed.sandbox.deactivate_user(TEAM, "U_CFO")
    asked_before = len(timed.sandbox.calls_to("users.info"))
    clock.advance(timedelta(hours=24))
    timed.bot.run_due()
    assert len(timed.sandbox.calls_to("users.info")) == asked_before  # not looked up
    dm = participant(timed, "U_CFO").dm_channel_id
    [refused] = [c for c in timed.sandbox.calls_to("chat.postMessage") if c.arguments.get("channel") == dm][
        1:
    ]
    assert refused.response.get("error") in DEACTIVATED
    assert reminders(timed, "U_CFO") == [] and len(reminders(timed, "U_CEO")) == 1
    told = [m.readable_text() for m in timed.facilitator.dm() if "deactivated" in m.readable_text()]
    assert len(told) == 1 and "<@U_CFO>" in told[0]


def test_concurrent_nudges_wait_out_slacks_retry_after(timed: Workspace, clock: ManualClock) -> None:
    start(timed)
    already = len(timed.sandbox.calls_to("chat.postMessage"))
    timed.sandbox.inject_faults("rate_limited", methods=["chat.postMessage"], retry_after=1, times=3)
    clock.advance(timedelta(hours=24))
    timed.bot.run_due()
    assert all(len(reminders(timed, user)) == 1 for user in PANEL)
    posts = timed.sandbox.calls_to("chat.postMessage")[already:]
    refused = [c for c in posts if c.status == 429]
    assert len(refused) == 3
    for refusal in refused:
        channel = refusal.arguments.get("channel")
        [retry, *_] = [c for c in posts if c.arguments.get("channel") == channel and c.time > refusal.time]
        assert retry.time - refusal.time >= 1.0, "a refused post was sent again before Retry-After"


def test_concurrent_nudges_wait_for_sqlites_one_writer(
    sandbox: Sandbox, tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "workshops.db"
    with LocalBot(sandbox, TEAM, f"sqlite:///{path}", transport="http", clock=clock) as bot:
        ws = Workspace(sandbox, bot)
        start(ws)
        clock.advance(timedelta(hours=24))
        taken = threading.Event()
        held = threading.Thread(target=held_write_lock, args=(path, 1.5, taken))
        held.start()
        assert taken.wait(5)
        ran = bot.run_due()
        held.join(10)
        nudged = sorted((r.state, r.outcome) for r in ran if r.kind == ItemKind.NUDGE)
        assert nudged == [(ScheduledState.DONE, "written")] * len(PANEL)
        assert all(len(reminders(ws, user)) == 1 for user in PANEL)
        assert {i.last_error for i in items(ws, ItemKind.NUDGE)} == {None}
