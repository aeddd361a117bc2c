"""The facilitator's preview: nothing reaches the channel before "Post to channel"; "Not yet" moves
the reminder to 24 hours on, and the reminder carries the same button."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.blocks.ids import ActionId
from bot.process.clock import ManualClock
from bot.sandbox import Message
from bot.services.scheduling import ItemKind
from storage.models import ScheduledState, Workshop
from tests.bot.conftest import CHANNEL, Workspace
from tests.bot.scheduler.conftest import FLOW, answer, items

TRIO = ("U_CEO", "U_CTO", "U_CFO")


def previews(ws: Workspace, action_id: str = ActionId.PREVIEW_POST) -> list[Message]:
    return [
        m
        for m in ws.facilitator.dm()
        if any(e.get("action_id") == action_id for b in m.blocks for e in b.get("elements", []))
    ]


def decide(ws: Workspace) -> None:
    """Everyone answers alike and the facilitator closes round 1: nothing is disputed, so the
    workshop is decided at once and its recommendation goes to the facilitator's preview."""
    workshop = start_with_roles(ws)
    answer(ws, workshop, *TRIO)
    ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
    ws.bot.settle()


def start_with_roles(ws: Workspace, *options: str) -> Workshop:
    """The three with the roles the flow needs to recommend (a CEO and a CTO)."""
    text = f"start {FLOW} <@U_CEO> ceo <@U_CTO> cto <@U_CFO> cfo {' '.join(options)}"
    ws.facilitator.slash("/hiring", text.strip(), channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Workshop)).one()


def reminders_run(ws: Workspace) -> list[str]:
    """What the due preview reminders did (the announcement's count has items of its own)."""
    return [r.outcome for r in ws.bot.run_due() if r.kind == ItemKind.PREVIEW_REMINDER]


def in_channel(ws: Workspace) -> list[str]:
    return [t for t in ws.channel_text() if t.startswith("Recommendation")]


def test_not_yet_holds_the_post_and_the_reminder_comes_24_hours_later(
    timed: Workspace, clock: ManualClock
) -> None:
    decide(timed)
    [preview] = previews(timed)
    assert "Recommendation: " in preview.readable_text() and in_channel(timed) == []
    [first] = items(timed, ItemKind.PREVIEW_REMINDER)
    assert first.due_at == clock.now() + timedelta(hours=24)

    clock.advance(timedelta(hours=3))
    timed.facilitator.click(ActionId.PREVIEW_HOLD, in_message=(preview.channel_id, preview.ts))
    timed.bot.settle()
    assert "You chose *Not yet*" in previews(timed)[0].readable_text()  # the same DM, edited
    reminders = items(timed, ItemKind.PREVIEW_REMINDER)
    assert [r.state for r in reminders] == [ScheduledState.CANCELLED, ScheduledState.PENDING]
    assert reminders[1].due_at == clock.now() + timedelta(hours=24)

    clock.advance(timedelta(hours=22))
    assert reminders_run(timed) == []  # 25 hours after the preview, but only 22 after "Not yet"
    clock.advance(timedelta(hours=2))
    assert reminders_run(timed) == ["sent"]
    reminder = previews(timed)[-1]
    assert "still waiting for you" in reminder.readable_text() and in_channel(timed) == []

    timed.facilitator.click(ActionId.PREVIEW_POST, in_message=(reminder.channel_id, reminder.ts))
    timed.bot.settle()
    assert len(in_channel(timed)) == 1
    assert len(timed.sandbox.files_in(CHANNEL)) == 1
    timed.facilitator.click(ActionId.PREVIEW_POST, in_message=(preview.channel_id, preview.ts))
    timed.bot.settle()
    assert len(in_channel(timed)) == 1  # a second press posts nothing more


def test_posting_cancels_the_reminder(timed: Workspace, clock: ManualClock) -> None:
    decide(timed)
    [preview] = previews(timed)
    timed.facilitator.click(ActionId.PREVIEW_POST, in_message=(preview.channel_id, preview.ts))
    timed.bot.settle()
    assert len(in_channel(timed)) == 1
    assert {r.state for r in items(timed, ItemKind.PREVIEW_REMINDER)} == {ScheduledState.CANCELLED}
    clock.advance(timedelta(days=2))
    assert reminders_run(timed) == []


def test_no_preview_posts_straight_to_the_channel(timed: Workspace) -> None:
    workshop = start_with_roles(timed, "--no-preview")
    assert workshop.preview is False
    answer(timed, workshop, *TRIO)
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()
    assert len(in_channel(timed)) == 1 and previews(timed) == []
    assert items(timed, ItemKind.PREVIEW_REMINDER) == []
