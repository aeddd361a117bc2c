"""At most one reminder per person per cooldown (REMINDER_COOLDOWN_HOURS, 6 by default), whoever
sends it: `/hiring remind`, again and again, or a scheduled nudge."""

from __future__ import annotations

from datetime import timedelta

from bot.process.clock import ManualClock
from bot.sandbox import Message
from bot.services.answers import AnswerService
from bot.services.scheduling import ItemKind
from storage.models import ScheduledState
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import example_answers, items, participant, start


def reminders(ws: Workspace, user_id: str) -> list[Message]:
    return [m for m in ws.person(user_id).dm() if m.text.startswith("Reminder")]


def test_remind_typed_ten_times_reminds_each_person_once_and_says_who_and_when(
    timed: Workspace, clock: ManualClock
) -> None:
    """Found: `/hiring remind` typed 10 times sent the same person 10 reminders."""
    workshop = start(timed)
    with timed.bot.runtime.sessions() as session:
        AnswerService(timed.bot.runtime.scope(session)).record_answers(
            TEAM, workshop.id, "U_CFO", example_answers(0)
        )
        session.commit()
    unfinished = [u for u in PANEL if u != "U_CFO"]
    for _ in range(10):
        timed.facilitator.slash("/hiring", "remind", channel=CHANNEL)
        timed.bot.settle()
        clock.advance(timedelta(minutes=5))
    assert all(len(reminders(timed, user)) == 1 for user in unfinished)
    first, *later = timed.ephemeral_text()[-10:]
    assert first.startswith("Reminded") and all(f"<@{u}>" in first for u in unfinished)
    for told in later:
        assert told.startswith("Reminded nobody now") and "Already reminded lately" in told
        assert all(f"<@{u}>" in told for u in unfinished) and "<@U_CFO>" not in told
        assert "2026-10-26 14:00 UTC" in told  # when: the moment of the first reminder

    # Past the cooldown, the next one goes out.
    clock.advance(timedelta(hours=6))
    timed.facilitator.slash("/hiring", "remind", channel=CHANNEL)
    timed.bot.settle()
    assert all(len(reminders(timed, user)) == 2 for user in unfinished)


def test_a_nudge_inside_the_cooldown_of_a_reminder_is_skipped(timed: Workspace, clock: ManualClock) -> None:
    start(timed)
    clock.advance(timedelta(hours=22))  # Tuesday 08:00 in New York: two hours before the 48-hour nudges
    timed.facilitator.slash("/hiring", "remind", channel=CHANNEL)
    timed.bot.settle()
    assert all(len(reminders(timed, user)) == 1 for user in PANEL)
    clock.advance(timedelta(hours=2))
    ran = timed.bot.run_due()
    assert ran and all(r.outcome == "skipped: reminded within the cooldown" for r in ran)
    assert all(len(reminders(timed, user)) == 1 for user in PANEL)
    assert participant(timed, "U_CEO").last_reminded_at == clock.now() - timedelta(hours=2)
    # The 4-hour nudges, two days later, go out.
    clock.advance(timedelta(hours=47))
    timed.bot.run_due()
    assert all(len(reminders(timed, user)) == 2 for user in PANEL)
    assert {i.state for i in items(timed, ItemKind.NUDGE)} == {ScheduledState.DONE}
