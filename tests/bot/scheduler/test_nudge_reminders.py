"""What a nudge says, now that a reminder is built once for everyone who gets the same one: each
person's own progress, "sent late" only when it is, and each reminder written once to the outbox,
which sent it once."""

from __future__ import annotations

from datetime import timedelta

from bot.process.clock import ManualClock
from bot.services.answers import AnswerService
from bot.services.scheduling import ItemKind
from flows.engine import visible_questions
from storage.models import ScheduledState
from tests.bot.conftest import PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import FLOW, example_answers, items, participant, reminders, start


def test_each_reminder_tells_that_person_how_far_they_have_got(timed: Workspace, clock: ManualClock) -> None:
    workshop = start(timed)
    flow = timed.bot.runtime.catalog.get(FLOW)
    some = dict(list(example_answers(0).items())[:3])
    with timed.bot.runtime.sessions() as session:
        AnswerService(timed.bot.runtime.scope(session)).record_answers(TEAM, workshop.id, "U_CTO", some)
        session.commit()
    waiting = [user for user in PANEL if user != "U_CTO"]

    clock.advance(timedelta(hours=24))  # Tuesday 10:00 in New York: the 48-hour nudges
    timed.bot.run_due()
    not_started = f"You have not started yet: {len(visible_questions(flow, {}))} questions"
    assert all(not_started in reminders(timed, user)[0].readable_text() for user in waiting)
    part_way = f"You have answered 3 of {len(visible_questions(flow, some))} questions"
    assert part_way in reminders(timed, "U_CTO")[0].readable_text()
    assert not any("sent late" in reminders(timed, user)[0].readable_text() for user in PANEL)

    # The 4-hour nudges fall due at 09:00 on Thursday; the bot comes back at 09:45 and sends them
    # late. Same workshop, same progress as on Tuesday for most: only "late" differs.
    clock.advance(timedelta(hours=47, minutes=45))
    timed.bot.run_due()
    for user in waiting:
        first, second = (m.readable_text() for m in reminders(timed, user))
        assert "sent late" not in first and "sent late" in second and not_started in second
    assert part_way in reminders(timed, "U_CTO")[1].readable_text()

    # Each nudge finished with its reminder written, and the outbox sent each reminder once.
    sent = {m.ts for user in PANEL for m in reminders(timed, user)}
    nudges = items(timed, ItemKind.NUDGE)
    assert {(n.state, n.progress["written"]) for n in nudges} == {(ScheduledState.DONE, True)}
    posts = [item for item in items(timed, ItemKind.SEND) if ":post:remind-p" in item.dedupe_key]
    assert {item.progress["ts"] for item in posts} == sent and len(sent) == len(posts) == 2 * len(PANEL)
    assert participant(timed, "U_CFO").last_reminded_at == clock.now()
