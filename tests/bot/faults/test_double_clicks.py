"""People click twice: every button of a workshop, clicked a second time a moment after the first,
opens one form, records once, posts once and says nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.plan import Story
from bot.process.clock import ManualClock
from bot.sandbox import Delivery
from storage.models import CheckInStatus, ParticipantStatus
from tests.bot.conftest import CHANNEL, PANEL, Workspace
from tests.bot.faults.handmade import clicked_again
from tests.bot.faults.replay import assert_nothing_doubled, stored_counts
from tests.bot.scenario import facilitator, open_form, panel_from_story
from tests.bot.scheduler.conftest import A_YEAR_ON, checkins, decide, participant, posts
from tests.figures import Figures

A_WEEK = timedelta(days=7)


@pytest.fixture
def acme(acme_on_sqlite: Workspace) -> Workspace:
    """What people are shown does not depend on the database: SQLite only."""
    return acme_on_sqlite


@pytest.fixture
def timed(timed_on_sqlite: Workspace) -> Workspace:
    return timed_on_sqlite


def twice(ws: Workspace, figures: Figures, click: Delivery) -> None:
    figures.add("double clicks sent")
    figures.add("second clicks acknowledged", clicked_again(ws.sandbox, click).acknowledged)


def test_answering_buttons_clicked_twice(acme: Workspace, story: Story, figures: Figures) -> None:
    ws, definition = acme, story.flow
    facilitator(ws).start(definition, PANEL)
    ws.bot.settle()
    ceo, cto, *_ = panel_from_story(ws, story)

    invitation = ceo.invitation()
    twice(
        ws, figures, ceo.person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    )
    ws.bot.settle()
    assert [v.callback_id for v in ceo.person.views()] == [CallbackId.ANSWER]
    ceo.person.close(open_form(ws, "U_CEO", CallbackId.ANSWER).id)

    cto_invitation = cto.invitation()
    first = cto.person.click(ActionId.DECLINE, in_message=(cto_invitation.channel_id, cto_invitation.ts))
    twice(ws, figures, first)
    ws.bot.settle()
    assert participant(ws, "U_CTO").status is ParticipantStatus.DECLINED

    ceo.person.open_home()
    ws.bot.settle()
    before = stored_counts(ws)
    twice(ws, figures, ceo.person.click(ActionId.HOME_CONTINUE, home=True))
    ws.bot.settle()
    assert [v.callback_id for v in ceo.person.views()] == [CallbackId.ANSWER]
    assert stored_counts(ws) == before
    assert_nothing_doubled(ws, figures)


def test_round2_and_settle_buttons_clicked_twice(acme: Workspace, story: Story, figures: Figures) -> None:
    ws, definition, host = acme, story.flow, facilitator(acme)
    host.start(definition, PANEL)
    ws.bot.settle()
    panel = panel_from_story(ws, story)
    for stakeholder in panel:
        stakeholder.answer_round1(definition)
        ws.bot.settle()
    host.hiring("close")
    ws.bot.settle()

    ceo = panel[0]
    prompt = ceo.latest_dm_with(ActionId.REVIEW_DISPUTES)
    twice(ws, figures, ceo.person.click(ActionId.REVIEW_DISPUTES, in_message=(prompt.channel_id, prompt.ts)))
    ws.bot.settle()
    assert [v.callback_id for v in ceo.person.views()] == [CallbackId.ROUND2]
    for stakeholder in panel:
        stakeholder.review_round2(definition)
        ws.bot.settle()

    settle = host.latest_dm_with(ActionId.SETTLE_DISPUTES)
    twice(ws, figures, host.person.click(ActionId.SETTLE_DISPUTES, in_message=(settle.channel_id, settle.ts)))
    ws.bot.settle()
    assert [v.callback_id for v in host.person.views()] == [CallbackId.FACILITATOR]
    assert_nothing_doubled(ws, figures)


def test_checkin_buttons_clicked_twice_move_it_once(
    timed: Workspace, clock: ManualClock, figures: Figures
) -> None:
    decide(timed, "U_CEO", "U_CTO", "U_CFO")  # three: one answer alone stays held (the minimum group)
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    assert len(posts(timed, "Check-in:")) == 1
    due, told = clock.now(), len(timed.ephemeral_text())

    dm = next(m for m in timed.facilitator.dm() if "check-in" in m.text)  # the facilitator's controls
    twice(timed, figures, timed.facilitator.click(ActionId.CHECKIN_SNOOZE, in_message=(dm.channel_id, dm.ts)))
    timed.bot.settle()
    [checkin] = checkins(timed)
    assert (checkin.status, checkin.due_at - due) == (CheckInStatus.SNOOZED, A_WEEK)
    assert len([m for m in timed.sandbox.messages(CHANNEL) if "snoozed" in m.text]) == 1

    twice(timed, figures, timed.facilitator.click(ActionId.CHECKIN_CANCEL, in_message=(dm.channel_id, dm.ts)))
    timed.bot.settle()
    assert checkins(timed)[0].status is CheckInStatus.CANCELLED
    assert len([m for m in timed.sandbox.messages(CHANNEL) if "cancelled" in m.text]) == 1
    figures("errors answered to a second click", len(timed.ephemeral_text()[told:]))
    assert timed.ephemeral_text()[told:] == [], "a second click was answered with an error"
