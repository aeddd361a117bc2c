"""A check-in opened by a process that died right after committing, before sending a thing: its posts
were written with the opening, so another instance sends each of them once, and the check-in's post
is the one news of it is threaded under."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.ids import ActionId
from bot.process.clock import ManualClock
from bot.scheduler.dispatcher import Dispatcher
from bot.services.scheduling import ItemKind
from storage.db import make_session_factory
from storage.models import CheckInStatus
from tests.bot.conftest import CHANNEL, Workspace
from tests.bot.scheduler.conftest import A_YEAR_ON, checkins, decide, items, posts

TRIO = ("U_CEO", "U_CTO", "U_CFO")


def test_a_checkin_opened_just_before_a_crash_is_posted_once_by_another_instance(
    timed: Workspace, clock: ManualClock
) -> None:
    decide(timed, *TRIO)
    clock.advance(A_YEAR_ON - clock.now())
    runtime = timed.bot.runtime
    # A dispatcher whose sessions no courier watches: it commits the opening and sends nothing, as
    # a process killed between the commit and the first post would.
    dying = Dispatcher(make_session_factory(runtime.engine), runtime.catalog, timed.bot.app.client, clock)
    [opening] = items(timed, ItemKind.CHECKIN_OPEN)
    opened = dying.run_item(opening.id)
    assert opened is not None and opened.outcome == "opened"
    [checkin] = checkins(timed)
    assert checkin.status is CheckInStatus.OPEN and checkin.posted_ts is None
    assert posts(timed, "Check-in:") == []

    timed.bot.run_due()
    timed.bot.run_due()
    [post] = posts(timed, "Check-in:")
    assert checkins(timed)[0].posted_ts == post.ts
    for user in TRIO:
        asked = [m for m in timed.person(user).dm() if m.text.startswith("Check-in for workshop")]
        assert len(asked) == 1, user

    timed.facilitator.slash("/hiring", "checkin", channel=CHANNEL)
    timed.bot.settle()
    card = timed.facilitator.ephemerals(CHANNEL)[-1]
    timed.facilitator.click(ActionId.CHECKIN_SNOOZE, in_ephemeral=(CHANNEL, card.ts))
    timed.bot.settle()
    [snoozed] = [m for m in timed.sandbox.messages(CHANNEL) if "snoozed" in m.text]
    assert snoozed.thread_ts == post.ts
    assert checkins(timed)[0].due_at == clock.now() + timedelta(days=7)
