"""Deadlines and nudges, driven by the manual clock: scheduled when a workshop starts, sent in each
person's working hours, stopped once they answer, and the round closed at its deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from bot.process.clock import ManualClock
from bot.services.rounds import RoundService
from bot.services.scheduling import ItemKind
from bot.workflows.planning import plan_round
from storage.models import ScheduledItem, ScheduledState
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import answer, items, participant, reminders, start

NEW_YORK = ZoneInfo("America/New_York")


def test_starting_a_workshop_schedules_its_deadline_and_nudges_in_working_hours(timed: Workspace) -> None:
    workshop = start(timed)
    [deadline] = items(timed, ItemKind.ROUND_DEADLINE)
    assert deadline.due_at == workshop.deadline == datetime(2026, 10, 29, 14, 0, tzinfo=UTC)
    nudges = items(timed, ItemKind.NUDGE)
    assert len(nudges) == 2 * len(PANEL)
    # 48 hours before is Tuesday 10:00 in New York; 4 hours before would be 06:00 there, so the
    # nudge goes at 09:00 instead, still before the 10:00 deadline.
    local = {(n.payload["hours"], n.due_at.astimezone(NEW_YORK).strftime("%a %H:%M")) for n in nudges}
    assert local == {(48, "Tue 10:00"), (4, "Thu 09:00")}
    assert participant(timed, "U_CEO").timezone == "America/New_York"


def test_a_round_closed_before_it_was_planned_gets_no_deadline_or_nudges(timed: Workspace) -> None:
    # The launch plans round 1 after its fan-out; a quick panel can close the round before that.
    workshop = start(timed)
    with timed.bot.runtime.sessions() as session:
        session.execute(delete(ScheduledItem))  # as if the launch had not planned the round yet
        workshops = timed.bot.runtime.service(session)
        assert RoundService(workshops.scope).close_round(TEAM, workshop.id, by_user="U_FAC") is not None
        session.commit()
        plan_round(session, workshops, workshops.get(TEAM, workshop.id), 1)
    assert items(timed) == []


def test_a_nudge_goes_to_those_not_done_and_stops_once_they_answer(
    timed: Workspace, clock: ManualClock
) -> None:
    workshop = start(timed)
    answer(timed, workshop, "U_CEO")
    clock.advance(timedelta(hours=24) - timedelta(minutes=1))
    assert timed.bot.run_due() == []
    clock.advance(timedelta(minutes=1))
    timed.bot.run_due()
    assert reminders(timed, "U_CEO") == []
    nudged = [user for user in PANEL if reminders(timed, user)]
    assert nudged == ["U_CTO", "U_CFO", "U_PROD", "U_RISK"]
    reminder = reminders(timed, "U_CTO")[0]
    assert "Continue answering" in reminder.readable_text() and "sent late" not in reminder.readable_text()
    assert participant(timed, "U_CTO").last_reminded_at == clock.now()
    timed.facilitator.slash("/hiring", "status", channel=CHANNEL)
    timed.bot.settle()
    assert "(reminded" in timed.ephemeral_text()[-1]

    answer(timed, workshop, "U_CTO")
    clock.advance(timedelta(hours=47))  # Thursday 09:00 in New York: the second nudge
    timed.bot.run_due()
    assert len(reminders(timed, "U_CTO")) == 1
    assert len(reminders(timed, "U_CFO")) == 2


def test_the_deadline_closes_the_round_and_opens_round_two_with_its_own_schedule(
    timed: Workspace, clock: ManualClock
) -> None:
    workshop = start(timed)
    answer(timed, workshop, *PANEL, disagree=True)
    clock.advance(workshop.deadline - clock.now())
    timed.bot.run_due()
    assert "round 2" in timed.channel_text()[-1]
    assert all(any("Review" in m.readable_text() for m in timed.person(u).dm()) for u in PANEL)
    # The bot was "down" from Monday to the deadline: the round-1 nudges are not sent that late.
    round1 = [i for i in items(timed, ItemKind.NUDGE) if i.dedupe_key.startswith(f"w{workshop.id}:r1:")]
    assert {(i.state, i.outcome) for i in round1} <= {
        (ScheduledState.DONE, "skipped: the deadline has passed"),
        (ScheduledState.DONE, "skipped: already answered or declined"),
    }
    assert all(reminders(timed, user) == [] for user in PANEL)

    round2 = [i for i in items(timed) if i.dedupe_key.startswith(f"w{workshop.id}:r2:")]
    [deadline] = [i for i in round2 if i.kind == ItemKind.ROUND_DEADLINE]
    assert deadline.due_at == clock.now() + timedelta(hours=48)
    # Round 2 ends on Saturday; its 4-hour nudge would fall on the weekend, so it goes on Friday
    # at 17:00 in New York. The 48-hour one would coincide with the round opening: none.
    nudges = [i for i in round2 if i.kind == ItemKind.NUDGE]
    assert {n.due_at.astimezone(NEW_YORK).strftime("%a %H:%M") for n in nudges} == {"Fri 17:00"}
    assert len(nudges) == len(PANEL)

    clock.advance(deadline.due_at - clock.now())
    timed.bot.run_due()
    assert "Round 2" in timed.channel_text()[-1] or "Recommendation" in timed.channel_text()[-1]
    assert {i.state for i in items(timed) if i.kind == ItemKind.ROUND_DEADLINE} == {ScheduledState.DONE}


def test_closing_the_round_early_cancels_its_deadline_and_nudges(
    timed: Workspace, clock: ManualClock
) -> None:
    workshop = start(timed, "U_CEO", "U_CTO", "U_CFO")
    answer(timed, workshop, "U_CEO", "U_CTO", "U_CFO")
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()
    round1 = [i for i in items(timed) if i.dedupe_key.startswith(f"w{workshop.id}:r1:")]
    assert len(round1) == 7 and {i.state for i in round1} == {ScheduledState.CANCELLED}
    clock.advance(timedelta(days=5))
    # Only the announcement's count changes (to say answering closed) and the facilitator is reminded
    # that the recommendation waits for them; no deadline, no nudge.
    assert sorted(r.kind for r in timed.bot.run_due()) == sorted(
        [ItemKind.ANNOUNCEMENT_COUNT, ItemKind.PREVIEW_REMINDER]
    )
    assert all(reminders(timed, user) == [] for user in ("U_CEO", "U_CTO", "U_CFO"))
