"""Anonymity in small panels: the minimum group holds on every path a result takes to the channel,
`/hiring status` names who answered only to the facilitator, and a held round offers the facilitator
more time or a reminder."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.blocks.ids import ActionId, CallbackId, Prefix
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Message, Sandbox
from bot.sandbox.transport import INTERACTIVE
from bot.services.answers import AnswerService
from bot.services.disputes import DisputeService
from bot.services.scheduling import ItemKind
from flows.engine.anonymity import WITHHELD
from flows.errors import InvalidAnswer
from storage.models import CheckIn, ScheduledItem, ScheduledState, Workshop, WorkshopStatus
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.faults.handmade import click_payload
from tests.bot.scenario import home_sections, open_form
from tests.bot.scheduler.conftest import FLOW, answer, example_answers

FREE_TEXT = "year_one_success"


def start_with_roles(ws: Workspace) -> Workshop:
    """`/hiring start FLOW @… role …` for the whole panel, each in their PANEL role (the flow needs
    a CEO and a CTO to recommend anything), then the fan-out."""
    people = " ".join(f"<@{u}|{u.lower()}> {role}" for u, role in PANEL.items())
    ws.facilitator.slash("/hiring", f"start {FLOW} {people} --no-preview", channel=CHANNEL)
    ws.bot.settle()
    with ws.bot.runtime.sessions() as session:
        return session.scalars(select(Workshop).order_by(Workshop.id.desc())).first()  # type: ignore[return-value]


def answer_alike(ws: Workspace, workshop: Workshop, *users: str) -> None:
    """Everyone the same answers (nothing disputed), each with their own words in the free text."""
    with ws.bot.runtime.sessions() as session:
        answering = AnswerService(ws.bot.runtime.scope(session))
        for user in users:
            answering.record_answers(
                TEAM, workshop.id, user, example_answers(0) | {FREE_TEXT: f"Only {user} wrote this"}
            )
        session.commit()


def status_of(ws: Workspace, workshop_id: int) -> WorkshopStatus:
    with ws.bot.runtime.sessions() as session:
        return session.get_one(Workshop, workshop_id).status


def channel(ws: Workspace) -> str:
    return "\n".join(ws.channel_text())


def facilitator_dm_with(ws: Workspace, action_id: str) -> Message:
    return next(
        m
        for m in reversed(ws.facilitator.dm())
        if any(e.get("action_id") == action_id for b in m.blocks for e in b.get("elements", []))
    )


def test_one_answer_of_five_closed_by_the_facilitator_is_held_back(timed: Workspace) -> None:
    """Found: one of three answered, the facilitator closed the round, and the channel published
    "1 of 1 backed this" and that person's free text."""
    workshop = start_with_roles(timed)
    answer_alike(timed, workshop, "U_CFO")
    before = len(timed.sandbox.messages(CHANNEL))
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()

    posted = [m.readable_text() for m in timed.sandbox.messages(CHANNEL)[before:]]
    assert posted == [f"Workshop #{workshop.id}: {WITHHELD}"]
    assert "Only U_CFO wrote this" not in channel(timed) and " of 1" not in channel(timed)
    assert status_of(timed, workshop.id) is WorkshopStatus.COLLECTING
    told = timed.ephemeral_text()[-1]
    assert "stays open" in told and "too few" in told
    assert facilitator_dm_with(timed, ActionId.EXTEND_DEADLINE)


def test_the_facilitator_extends_a_held_round_and_it_closes_at_the_new_deadline(
    timed: Workspace, clock: ManualClock
) -> None:
    """Found: at a missed deadline, two people's free text was published."""
    workshop = start_with_roles(timed)
    answer_alike(timed, workshop, "U_CEO", "U_CTO")
    clock.advance(workshop.deadline - clock.now() + timedelta(minutes=1))
    timed.bot.run_due()
    assert channel(timed).endswith(f"Workshop #{workshop.id}: {WITHHELD}")
    assert "Only U_CEO wrote this" not in channel(timed) and "Only U_CTO wrote this" not in channel(timed)
    assert status_of(timed, workshop.id) is WorkshopStatus.COLLECTING

    offer = facilitator_dm_with(timed, ActionId.EXTEND_DEADLINE)
    timed.facilitator.click(ActionId.EXTEND_DEADLINE, in_message=(offer.channel_id, offer.ts))
    timed.bot.settle()
    with timed.bot.runtime.sessions() as session:
        moved = session.get_one(Workshop, workshop.id).deadline
        pending = session.scalars(
            select(ScheduledItem).where(
                ScheduledItem.kind == ItemKind.ROUND_DEADLINE, ScheduledItem.state == ScheduledState.PENDING
            )
        ).all()
    assert moved == clock.now() + timedelta(days=2)
    assert [p.due_at for p in pending] == [moved]
    assert "now closes" in timed.facilitator.dm()[-1].readable_text()

    # A third answers: enough to show the spread, too few to show anyone's free text.
    answer_alike(timed, workshop, "U_CFO")
    clock.advance(timedelta(days=2, minutes=1))
    timed.bot.run_due()
    assert status_of(timed, workshop.id) is WorkshopStatus.DECIDED
    timed.bot.settle()
    text = channel(timed)
    assert "Recommend" in text
    assert not any(f"Only {u} wrote this" in text for u in ("U_CEO", "U_CTO", "U_CFO"))


def test_the_facilitator_reminds_from_a_held_round(timed: Workspace) -> None:
    workshop = start_with_roles(timed)
    answer_alike(timed, workshop, "U_CFO")
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()
    offer = facilitator_dm_with(timed, ActionId.REMIND_UNFINISHED)
    timed.facilitator.click(ActionId.REMIND_UNFINISHED, in_message=(offer.channel_id, offer.ts))
    timed.bot.settle()
    unfinished = [u for u in PANEL if u != "U_CFO"]
    assert all(m.text.startswith("Reminder") for u in unfinished for m in timed.person(u).dm()[-1:])
    assert not any(m.text.startswith("Reminder") for m in timed.person("U_CFO").dm())
    assert timed.facilitator.dm()[-1].readable_text().startswith("Reminded")


def test_status_names_who_answered_only_to_the_facilitator(timed: Workspace) -> None:
    """Found: `/hiring status` run by anyone showed the CFO was the only one to answer."""
    workshop = start_with_roles(timed)
    answer_alike(timed, workshop, "U_CFO")
    for viewer in ("U_OTHER", "U_CEO"):
        timed.person(viewer).slash("/hiring", "status", channel=CHANNEL)
        timed.bot.settle()
        shown = timed.ephemeral_text(viewer)[-1]
        assert "Answered: 1 · Not yet: 4" in shown.replace("*", "")
        assert not any(name in shown for name in ("U_CFO", "Mary Somerville", "U_CEO", "Ada Lovelace"))
    timed.facilitator.slash("/hiring", "status", channel=CHANNEL)
    timed.bot.settle()
    mine = timed.ephemeral_text()[-1]
    assert "*Answered (1):* <@U_CFO>" in mine


def rate_all(ws: Workspace, user_id: str, rating: str, note: str) -> None:
    """Press "Rate now" in the latest check-in DM and rate every criterion alike, with a note on each."""
    asked = [m for m in ws.person(user_id).dm() if m.text.startswith("Check-in for workshop")][-1]
    ws.person(user_id).click(ActionId.CHECKIN_RATE, in_message=(asked.channel_id, asked.ts))
    form = open_form(ws, user_id, CallbackId.CHECKIN_RATINGS)
    criteria = [
        b["block_id"] for b in form.blocks if str(b.get("block_id", "")).startswith(f"{Prefix.CRITERION}")
    ]
    values = {block: rating for block in criteria}
    values |= {block.replace(Prefix.CRITERION, Prefix.NOTE, 1): note for block in criteria}
    delivery = ws.person(user_id).submit(form.id, values)
    assert not delivery.errors, delivery.errors
    ws.bot.settle()


def test_a_checkin_with_one_rater_shows_no_note_and_no_spread(timed: Workspace, clock: ManualClock) -> None:
    """Found: a check-in with one rater of five printed that rater's note."""
    workshop = start_with_roles(timed)
    answer_alike(timed, workshop, *PANEL)
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()
    assert status_of(timed, workshop.id) is WorkshopStatus.DECIDED
    with timed.bot.runtime.sessions() as session:
        due = session.scalars(select(CheckIn.due_at)).one()
    clock.advance(due - clock.now())
    timed.bot.run_due()
    rate_all(timed, "U_CFO", "not_yet", "The CFO alone thinks this failed")
    clock.advance(timedelta(days=7, minutes=1))
    timed.bot.run_due()
    [summary] = [
        m.readable_text() for m in timed.sandbox.messages(CHANNEL) if m.text.startswith("Check-in summary")
    ]
    assert "held back" in summary
    assert "CFO alone" not in summary and "Not yet" not in summary and "1 of 5" not in summary


def test_round2_tells_a_round1_non_respondent_kindly_and_takes_nothing_from_them(timed: Workspace) -> None:
    """Found: a late joiner's round-2 answers were exactly the final spread minus round 1's."""
    workshop = start_with_roles(timed)
    respondents = [u for u in PANEL if u != "U_RISK"]
    answer(timed, workshop, *respondents, disagree=True)
    timed.facilitator.slash("/hiring", "close", channel=CHANNEL)
    timed.bot.settle()
    assert status_of(timed, workshop.id) is WorkshopStatus.ROUND2

    late = timed.person("U_RISK").dm()[-1]
    assert "nothing to review" in late.readable_text() and "thank you" in late.readable_text()
    assert not any(
        e.get("action_id") == ActionId.REVIEW_DISPUTES for b in late.blocks for e in b.get("elements", [])
    )
    for user in respondents:
        assert any(
            e.get("action_id") == ActionId.REVIEW_DISPUTES
            for b in timed.person(user).dm()[-1].blocks
            for e in b.get("elements", [])
        )
    # The button reached them anyway (a forwarded message, an old client): the form says why not.
    forged = click_payload(
        timed.sandbox, TEAM, "U_RISK", late.channel_id, ActionId.REVIEW_DISPUTES, str(workshop.id)
    )
    timed.sandbox.deliver(INTERACTIVE, forged, accepts_response_payload=False)
    timed.bot.settle()
    view = timed.person("U_RISK").views()[-1]
    assert "nothing to review" in json.dumps(view.definition)

    with timed.bot.runtime.sessions() as session:
        scope = timed.bot.runtime.scope(session)
        disputed = [d.question_id for d in DisputeService(scope).disputes(workshop.id)]
        with pytest.raises(InvalidAnswer, match="did not answer"):
            AnswerService(scope).record_answers(
                TEAM, workshop.id, "U_RISK", {disputed[0]: example_answers(4)[disputed[0]]}, round=2
            )


def test_the_app_home_holds_back_a_result_that_is_too_small_to_show(
    sandbox: Sandbox, database_url: str, clock: ManualClock
) -> None:
    """A workshop decided by three while ANON_MIN_ANSWERS was 3, then shown by a bot where it is 4."""
    lenient, strict = {"ANON_MIN_ANSWERS": 3}, {"ANON_MIN_ANSWERS": 4}
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock, extra_settings=lenient) as bot:
        ws = Workspace(sandbox, bot)
        workshop = start_with_roles(ws)
        answer_alike(ws, workshop, "U_CEO", "U_CTO", "U_CFO")
        ws.facilitator.slash("/hiring", "close", channel=CHANNEL)
        ws.bot.settle()
        assert status_of(ws, workshop.id) is WorkshopStatus.DECIDED
        assert "Recommended" in home_sections(ws, "U_CEO")["Finished workshops"]
    with LocalBot(sandbox, TEAM, database_url, transport="http", clock=clock, extra_settings=strict) as bot:
        finished = home_sections(Workspace(sandbox, bot), "U_CEO")["Finished workshops"]
        assert WITHHELD in finished and "Recommended" not in finished and "confidence" not in finished
