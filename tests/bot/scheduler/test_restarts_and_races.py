"""Exactly once across restarts, downtime and several instances: the database decides who sends."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.slack_client import make_client
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.process.runtime import Runtime
from bot.sandbox import Sandbox
from bot.scheduler.dispatcher import Dispatcher, DispatchPolicy, Ran
from bot.services.scheduling import ItemKind
from storage.models import ScheduledState
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import items, participant, reminders, start

NEW_YORK = ZoneInfo("America/New_York")


def test_a_restart_between_due_times_sends_each_nudge_once(
    sandbox: Sandbox, database_url: str, clock: ManualClock
) -> None:
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock) as first:
        start(Workspace(sandbox, first))
        clock.advance(timedelta(hours=24))  # Tuesday 10:00 in New York: the 48-hour nudges
        first.run_due()
    assert all(len(reminders(Workspace(sandbox, first), user)) == 1 for user in PANEL)

    clock.advance(timedelta(hours=47))  # Thursday 09:00: the 4-hour nudges, while the bot is stopped
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock, scheduler=True) as second:
        ws = Workspace(sandbox, second)
        # The scheduler runs once as it starts: what fell due meanwhile goes out without a wait.
        sandbox.wait_for(lambda: all(len(reminders(ws, user)) == 2 for user in PANEL))
        assert second.run_due() == []
        assert all(len(reminders(ws, user)) == 2 for user in PANEL)


def test_what_fell_due_during_downtime_is_sent_at_start_and_says_it_is_late(
    sandbox: Sandbox, database_url: str, clock: ManualClock
) -> None:
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock) as first:
        start(Workspace(sandbox, first), "U_CEO")
    clock.advance(timedelta(hours=26))  # two hours after the 48-hour nudge was due
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock, scheduler=True) as second:
        ws = Workspace(sandbox, second)
        [late] = sandbox.wait_for(lambda: reminders(ws, "U_CEO"))
        assert "sent late: the app was offline" in late.readable_text()
        assert second.scheduler is not None
        second.scheduler.stop()  # waits for the start-up run to finish with the item
        [nudge, _] = items(ws, ItemKind.NUDGE)
        assert (nudge.state, nudge.outcome) == (ScheduledState.DONE, "written late")


def test_two_instances_racing_on_one_database_send_every_nudge_once(
    timed: Workspace, clock: ManualClock
) -> None:
    start(timed)
    clock.advance(timedelta(hours=71))  # Thursday 09:00 in New York: both nudges of everyone are due
    settings = timed.bot.runtime.settings
    other = Runtime.create(settings, clock)  # a second instance: its own engine and connections
    one_at_a_time = DispatchPolicy(batch=1)
    mine = Dispatcher(
        timed.bot.runtime.sessions,
        timed.bot.runtime.catalog,
        timed.bot.app.client,
        clock,
        policy=one_at_a_time,
    )
    theirs = Dispatcher(other.sessions, other.catalog, make_client(settings), clock, policy=one_at_a_time)
    ready = threading.Barrier(2)
    ran: list[list[Ran]] = [[], []]

    def run(index: int, dispatcher: Dispatcher) -> None:
        ready.wait()
        ran[index] = dispatcher.run_due()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate((mine, theirs))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        other.close()
    # The reminders either wrote and had not sent yet go out (as any instance's loop would send them).
    leftovers = timed.bot.run_due()
    assert {r.kind for r in leftovers} <= {ItemKind.SEND}
    handled = [r.item_id for runs in ran for r in runs if r.kind == ItemKind.NUDGE]
    assert sorted(handled) == sorted(i.id for i in items(timed, ItemKind.NUDGE))
    # Both of a person's nudges fell due together: the reminder cooldown lets one of them through.
    assert {user: len(reminders(timed, user)) for user in PANEL} == dict.fromkeys(PANEL, 1)
    assert all(r.state is ScheduledState.DONE for runs in ran for r in runs)


def test_a_nudge_across_the_november_clock_change_lands_at_nine_in_new_york(
    sandbox: Sandbox, database_url: str
) -> None:
    # Friday 11:00 EDT; the deadline is Monday 10:00 EST, after the clocks went back on Sunday.
    clock = ManualClock(datetime(2026, 10, 30, 15, 0, tzinfo=UTC))
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock) as bot:
        ws = Workspace(sandbox, bot)
        workshop = start(ws, "U_CEO")
        nudges = items(ws, ItemKind.NUDGE)
        # 48 hours before falls on Saturday and 4 hours before at 06:00 on Monday: both move to
        # Monday 09:00 EST (14:00 UTC, not the 13:00 a fixed EDT offset would give), sent once.
        assert [n.due_at for n in nudges] == [datetime(2026, 11, 2, 14, 0, tzinfo=UTC)]
        assert workshop.deadline == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
        clock.advance(nudges[0].due_at - clock.now() - timedelta(minutes=1))
        bot.run_due()
        assert reminders(ws, "U_CEO") == []
        clock.advance(timedelta(minutes=1))
        bot.run_due()
        assert len(reminders(ws, "U_CEO")) == 1
        sent = participant(ws, "U_CEO").last_reminded_at
        assert sent is not None and sent.astimezone(NEW_YORK).strftime("%a %H:%M %Z") == "Mon 09:00 EST"


def test_someone_deactivated_before_their_nudge_is_skipped_and_the_facilitator_told_once(
    timed: Workspace, clock: ManualClock
) -> None:
    start(timed, "U_CEO", "U_CFO")
    timed.sandbox.deactivate_user(TEAM, "U_CFO")
    clock.advance(timedelta(hours=24))
    timed.bot.run_due()
    clock.advance(timedelta(hours=47))
    timed.bot.run_due()
    assert reminders(timed, "U_CFO") == []
    assert len(reminders(timed, "U_CEO")) == 2
    told = [m.readable_text() for m in timed.facilitator.dm() if "deactivated" in m.readable_text()]
    assert len(told) == 1 and "<@U_CFO>" in told[0]
    # Their first reminder was written, and Slack refused it (their DM is archived with the account);
    # the next nudge knew not to try.
    cfo = participant(timed, "U_CFO")
    outcomes = [i.outcome for i in items(timed, ItemKind.NUDGE) if i.payload["participant_id"] == cfo.id]
    assert outcomes == ["written", "skipped: their account is deactivated"]
    [refused] = [i for i in items(timed, ItemKind.SEND) if f"remind-p{cfo.id}-" in i.dedupe_key]
    assert (refused.state, refused.outcome) == (ScheduledState.DONE, "not sent: is_archived")
