"""Anonymity in small panels: the minimum group holds on every path a result takes to the channel,
`/hiring status` names who answered only to the facilitator, and a held round offers the facilitator
more time or a reminder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.clock import ManualClock
from bot.ids import ActionId
from bot.sandbox import Message
from flows.engine.anonymity import WITHHELD
from storage.models import ScheduledItem, ScheduledState, Workshop, WorkshopStatus
from storage.scheduling import ItemKind
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scheduler.conftest import example_answers, start

FREE_TEXT = "year_one_success"


def answer_alike(ws: Workspace, workshop: Workshop, *users: str) -> None:
    """Everyone the same answers (nothing disputed), each with their own words in the free text."""
    with ws.bot.runtime.sessions() as session:
        service = ws.bot.runtime.service(session)
        for user in users:
            service.record_answers(
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
    workshop = start(timed)
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
    workshop = start(timed)
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
    text = channel(timed)
    assert "Recommend" in text
    assert not any(f"Only {u} wrote this" in text for u in ("U_CEO", "U_CTO", "U_CFO"))


def test_the_facilitator_reminds_from_a_held_round(timed: Workspace) -> None:
    workshop = start(timed)
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
    workshop = start(timed)
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
