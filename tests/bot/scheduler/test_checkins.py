"""Check-ins: scheduled when the workshop is decided, opened on the clock, rated by the panel in
DMs, summarised when everyone has rated or a week later, and moved only by the facilitator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.blocks.ids import ActionId, BlockId, CallbackId, Prefix, keyed
from bot.process.clock import ManualClock
from bot.sandbox import Message
from bot.services.scheduling import ItemKind
from flows.engine.checkin_report import criteria_for
from storage.models import CheckIn, CheckInStatus, ScheduledState, Workshop
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.scenario import open_form
from tests.bot.scheduler.conftest import (
    A_YEAR_ON,
    FLOW,
    MONDAY,
    checkins,
    decide,
    items,
    posts,
    start,
)

TRIO = ("U_CEO", "U_CTO", "U_CFO")


def rate(ws: Workspace, user_id: str, ratings: dict[str, str], notes: dict[str, str] | None = None) -> None:
    """Press "Rate now" in the latest check-in DM and submit these ratings (by criterion id)."""
    asked = [m for m in ws.person(user_id).dm() if m.text.startswith("Check-in for workshop")][-1]
    ws.person(user_id).click(ActionId.CHECKIN_RATE, in_message=(asked.channel_id, asked.ts))
    form = open_form(ws, user_id, CallbackId.CHECKIN_RATINGS)
    values = {keyed(Prefix.CRITERION, c): r for c, r in ratings.items()}
    values |= {keyed(Prefix.NOTE, c): n for c, n in (notes or {}).items()}
    delivery = ws.person(user_id).submit(form.id, values)
    assert not delivery.errors, delivery.errors
    ws.bot.settle()


def controls(ws: Workspace) -> Message:
    """The facilitator's latest direct message with the check-in's controls."""
    return next(
        m
        for m in reversed(ws.facilitator.dm())
        if any(e.get("action_id") == ActionId.CHECKIN_SNOOZE for b in m.blocks for e in b.get("elements", []))
    )


def card(ws: Workspace, user_id: str) -> Message:
    """`/hiring checkin` typed by the person: the card with each check-in's controls, shown to them only."""
    ws.person(user_id).slash("/hiring", "checkin", channel=CHANNEL)
    ws.bot.settle()
    return ws.person(user_id).ephemerals(CHANNEL)[-1]


def judged_ids(ws: Workspace, checkin: CheckIn) -> list[str]:
    """The ids of the criteria the check-in judges (those of the option it fixed when it opened)."""
    assert checkin.option_id is not None
    return [c.id for c in criteria_for(ws.bot.runtime.catalog.get(FLOW), checkin.option_id)]


def test_a_decision_schedules_the_checkin_and_the_home_shows_it_from_the_schedule(
    timed: Workspace, clock: ManualClock
) -> None:
    workshop = decide(timed, in_slack=True)
    assert workshop.decided_at == MONDAY
    [checkin] = checkins(timed)
    assert (checkin.months, checkin.due_at, checkin.status) == (12, A_YEAR_ON, CheckInStatus.SCHEDULED)
    [opening] = items(timed, ItemKind.CHECKIN_OPEN)
    assert opening.due_at == A_YEAR_ON
    timed.person("U_CEO").open_home()
    timed.bot.settle()
    home = timed.person("U_CEO").home()
    assert (
        home is not None and "next check-in" in home.readable_text() and "2027-10-26" in home.readable_text()
    )


def test_the_panel_rates_and_the_summary_is_posted_once_everyone_has(
    timed: Workspace, clock: ManualClock
) -> None:
    decide(timed, *TRIO)
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    [post] = posts(timed, "Check-in:")
    [checkin] = checkins(timed)
    assert checkin.status is CheckInStatus.OPEN and checkin.option_id is not None
    definition = timed.bot.runtime.catalog.get(FLOW)
    judged = criteria_for(definition, checkin.option_id)
    others = [c for c in definition.success_criteria if c not in judged]
    assert all(c.text in post.readable_text() for c in judged)
    assert not any(c.text in post.readable_text() for c in others)
    assert all("Rate now" in timed.person(u).dm()[-1].readable_text() for u in TRIO)

    ids = [c.id for c in judged]
    for user in TRIO[:-1]:
        rate(timed, user, dict.fromkeys(ids, "met"))
    assert posts(timed, "Check-in summary") == []
    rate(
        timed, TRIO[-1], {ids[0]: "not_yet", **dict.fromkeys(ids[1:], "partly")}, {ids[0]: "Not <yet>, sadly"}
    )

    [summary] = posts(timed, "Check-in summary")
    text = summary.readable_text()
    assert "still looks right" in text and "3 of 3 people rated" in text
    # One note among three raters would be attributable: notes show from ANON_MIN_FREE_TEXT writers.
    assert "sadly" not in text
    assert not any(f"<@{user}>" in text for user in TRIO)
    [checkin] = checkins(timed)
    assert checkin.status is CheckInStatus.SUMMARISED
    assert checkin.summary_json is not None and checkin.summary_json["verdict"] == "still_looks_right"
    assert [i.state for i in items(timed, ItemKind.CHECKIN_SUMMARY)] == [ScheduledState.DONE]
    clock.advance(timedelta(days=8))
    assert timed.bot.run_due() == []


def test_a_week_later_the_summary_is_posted_with_the_ratings_given(
    timed: Workspace, clock: ManualClock
) -> None:
    decide(timed, *TRIO)
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    [checkin] = checkins(timed)
    ids = judged_ids(timed, checkin)
    rate(timed, "U_CEO", dict.fromkeys(ids, "not_yet"))
    rate(timed, "U_CTO", dict.fromkeys(ids, "partly"))
    clock.advance(timedelta(days=7))
    timed.bot.run_due()
    [summary] = posts(timed, "Check-in summary")
    # Two raters of an anonymous panel are too few to show (ANON_MIN_ANSWERS): held back, not counted.
    assert "held back" in summary.readable_text() and "2 of 3" not in summary.readable_text()


def test_a_later_checkin_says_what_changed_since_the_last(timed: Workspace, clock: ManualClock) -> None:
    workshop = decide(timed, *TRIO)
    timed.facilitator.slash("/hiring", "checkin", channel=CHANNEL)
    timed.bot.settle()
    card = timed.facilitator.ephemerals(CHANNEL)[-1]
    timed.facilitator.click(ActionId.CHECKIN_ADD, in_ephemeral=(CHANNEL, card.ts), value=f"{workshop.id}:6")
    timed.bot.settle()
    assert [c.months for c in checkins(timed)] == [6, 12]

    clock.advance(checkins(timed)[0].due_at - clock.now())
    timed.bot.run_due()
    ids = judged_ids(timed, checkins(timed)[0])
    for user in TRIO:
        rate(timed, user, dict.fromkeys(ids, "not_yet"))
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    for user in TRIO:
        rate(timed, user, dict.fromkeys(ids, "met"))
    first, second = posts(timed, "Check-in summary")
    assert "nothing to compare with yet" in first.readable_text()
    assert "Since the 6-month check-in: better." in second.readable_text()


def test_only_the_facilitator_or_an_admin_can_move_a_checkin(timed: Workspace, clock: ManualClock) -> None:
    decide(timed, *TRIO)
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    [post] = posts(timed, "Check-in:")
    # The channel post offers the panel one thing: rating. The controls are the facilitator's.
    actions = [e["action_id"] for b in post.blocks for e in b.get("elements", []) if "action_id" in e]
    assert actions == [ActionId.CHECKIN_RATE]
    assert "Only the facilitator" not in post.readable_text()
    timed.person("U_OTHER").click(ActionId.CHECKIN_SNOOZE, in_ephemeral=(CHANNEL, card(timed, "U_OTHER").ts))
    timed.bot.settle()
    refusal = timed.ephemeral_text("U_OTHER")[-1]
    assert "Only the facilitator <@U_FAC> can snooze check-ins of this workshop" in refusal
    assert checkins(timed)[0].status is CheckInStatus.OPEN

    timed.person("U_ADMIN").click(ActionId.CHECKIN_SNOOZE, in_ephemeral=(CHANNEL, card(timed, "U_ADMIN").ts))
    timed.bot.settle()
    [checkin] = checkins(timed)
    assert (checkin.status, checkin.due_at) == (CheckInStatus.SNOOZED, clock.now() + timedelta(days=7))
    [snoozed] = [m for m in timed.sandbox.messages(CHANNEL) if "snoozed" in m.text]
    assert snoozed.thread_ts == post.ts and "<@U_ADMIN> snoozed the 12-month check-in" in snoozed.text
    # The week's summary job was for the check-in before it was snoozed: it no longer runs.
    assert [i.state for i in items(timed, ItemKind.CHECKIN_SUMMARY)] == [ScheduledState.CANCELLED]

    clock.advance(timedelta(days=7))
    timed.bot.run_due()
    assert len(posts(timed, "Check-in:")) == 2

    dm = controls(timed)
    timed.facilitator.click(ActionId.CHECKIN_RESCHEDULE, in_message=(dm.channel_id, dm.ts))
    form = open_form(timed, "U_FAC", CallbackId.CHECKIN_RESCHEDULE)
    refused = timed.facilitator.submit(form.id, {BlockId.CHECKIN_DATE: "2020-01-01"})
    assert refused.errors == {BlockId.CHECKIN_DATE: "Pick a date in the future."}
    timed.facilitator.submit(form.id, {BlockId.CHECKIN_DATE: "2027-12-01"})
    timed.bot.settle()
    [checkin] = checkins(timed)
    assert (checkin.status, checkin.due_at) == (
        CheckInStatus.SCHEDULED,
        datetime(2027, 12, 1, 14, 0, tzinfo=UTC),
    )

    timed.facilitator.click(ActionId.CHECKIN_CANCEL, in_message=(dm.channel_id, dm.ts))
    timed.bot.settle()
    assert checkins(timed)[0].status is CheckInStatus.CANCELLED
    clock.advance(timedelta(days=60))
    assert timed.bot.run_due() == []


def test_a_checkin_for_a_workspace_that_uninstalled_the_app_is_dropped_not_retried(
    timed: Workspace, clock: ManualClock
) -> None:
    decide(timed, *TRIO)
    timed.sandbox.revoke_token(timed.sandbox.bot_token(TEAM))
    clock.advance(A_YEAR_ON - clock.now())
    [ran] = timed.bot.run_due()
    assert ran.state is ScheduledState.CANCELLED and "uninstalled the app" in ran.outcome
    [opening] = items(timed, ItemKind.CHECKIN_OPEN)
    assert (opening.state, opening.attempts) == (ScheduledState.CANCELLED, 0)
    clock.advance(timedelta(days=1))
    assert timed.bot.run_due() == []
    assert posts(timed, "Check-in:") == []


def test_before_the_decision_the_facilitator_changes_the_planned_checkins(timed: Workspace) -> None:
    workshop = start(timed, "U_CEO")
    timed.facilitator.slash("/hiring", "checkin", channel=CHANNEL)
    timed.bot.settle()
    card = timed.facilitator.ephemerals(CHANNEL)[-1]
    assert "Check-ins planned at 12 months after the decision" in card.readable_text()

    timed.person("U_OTHER").slash("/hiring", f"checkin {workshop.id}", channel=CHANNEL)
    timed.bot.settle()
    theirs = timed.person("U_OTHER").ephemerals(CHANNEL)[-1]
    timed.person("U_OTHER").click(
        ActionId.CHECKIN_ADD, in_ephemeral=(CHANNEL, theirs.ts), value=f"{workshop.id}:3"
    )
    timed.bot.settle()
    assert (
        "Only the facilitator <@U_FAC> can add check-ins to this workshop"
        in timed.ephemeral_text("U_OTHER")[-1]
    )

    timed.facilitator.click(ActionId.CHECKIN_ADD, in_ephemeral=(CHANNEL, card.ts), value=f"{workshop.id}:6")
    timed.bot.settle()
    timed.facilitator.click(
        ActionId.CHECKIN_REMOVE, in_ephemeral=(CHANNEL, card.ts), value=f"{workshop.id}:12"
    )
    timed.bot.settle()
    with timed.bot.runtime.sessions() as session:
        assert session.get_one(Workshop, workshop.id).checkin_months == [6]
    assert "Check-ins planned at 6 months" in timed.facilitator.ephemerals(CHANNEL)[-1].readable_text()
    assert checkins(timed) == []
