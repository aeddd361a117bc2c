"""A bot that stopped mid-way finishes its posts when it starts again, without doubling any: the
invitations and the posts it left in the outbox, claimed or not."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.demo.plan import plan_story
from bot.demo.stakeholder import Stakeholder
from bot.process.clock import ManualClock
from bot.process.liveness import HOST
from bot.process.local import LocalBot
from bot.sandbox import Sandbox
from bot.services.scheduling import ItemKind
from storage.models import Participant, ScheduledItem, ScheduledState, Workshop
from tests.bot.conftest import CHANNEL, TEAM
from tests.bot.scenario import flow

FLOW = "002-caio-or-cto"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_a_restarted_bot_finishes_the_fan_out_once(sandbox: Sandbox, database_url: str) -> None:
    clock = ManualClock(START)
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        sandbox.user(TEAM, "U_FAC").slash(
            "/hiring", f"start {FLOW} <@U_CEO> <@U_CTO> <@U_CFO>", channel=CHANNEL
        )
        bot.settle()
        # What a crash leaves in the outbox: the CFO's invitation claimed by a process of this host
        # that has died (its lease still hours away), the CTO's not begun. Each is sent once more;
        # the CEO's, recorded as sent, is not.
        with bot.runtime.sessions() as session:
            invitation_of = invitation_keys(session)
            session.execute(
                update(ScheduledItem)
                .where(ScheduledItem.dedupe_key == invitation_of["U_CFO"])
                .values(
                    state=ScheduledState.CLAIMED,
                    claimed_by=f"{HOST}:{dead_pid()}:crashed",
                    lease_until=clock.now() + timedelta(hours=1),
                    progress=None,
                )
            )
            session.execute(
                update(ScheduledItem)
                .where(ScheduledItem.dedupe_key == invitation_of["U_CTO"])
                .values(state=ScheduledState.PENDING, progress=None)
            )
            session.execute(
                update(Participant).where(Participant.user_id.in_(["U_CFO", "U_CTO"])).values(invite_ts=None)
            )
            session.commit()
    assert [len(sandbox.dm("U_CEO")), len(sandbox.dm("U_CTO")), len(sandbox.dm("U_CFO"))] == [1, 1, 1]

    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        bot.run_due()
        bot.settle()
        with bot.runtime.sessions() as session:
            stamps = dict(session.query(Participant.user_id, Participant.invite_ts).all())
            assert session.query(Workshop).one().announcement_ts
    assert len(sandbox.dm("U_CEO")) == 1  # already invited: not again
    assert len(sandbox.dm("U_CTO")) == 2 and len(sandbox.dm("U_CFO")) == 2  # the two left undone, resent
    assert all(ts and not ts.startswith("pending") for ts in stamps.values())
    assert len(sandbox.messages(CHANNEL)) == 1  # one announcement


def test_a_fresh_claim_of_a_live_instance_is_left_alone(sandbox: Sandbox, database_url: str) -> None:
    clock = ManualClock(START)
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        sandbox.user(TEAM, "U_FAC").slash(
            "/hiring", f"start {FLOW} <@U_CEO> <@U_CTO> <@U_CFO>", channel=CHANNEL
        )
        bot.settle()
        # The CFO's invitation held by an instance on another host, alive as far as anyone can tell.
        with bot.runtime.sessions() as session:
            session.execute(
                update(ScheduledItem)
                .where(ScheduledItem.dedupe_key == invitation_keys(session)["U_CFO"])
                .values(
                    state=ScheduledState.CLAIMED,
                    claimed_by="elsewhere:1:alive",
                    lease_until=clock.now() + timedelta(minutes=5),
                    progress=None,
                )
            )
            session.execute(update(Participant).where(Participant.user_id == "U_CFO").values(invite_ts=None))
            session.commit()
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        bot.run_due()
        bot.settle()
    assert len(sandbox.dm("U_CFO")) == 1


def invitation_keys(session: Session) -> dict[str, str]:
    """Each person's invitation in the outbox, by their user id."""
    keys = {}
    for user_id, participant_id in session.query(Participant.user_id, Participant.id).all():
        keys[user_id] = session.scalars(
            select(ScheduledItem.dedupe_key).where(
                ScheduledItem.kind == ItemKind.SEND,
                ScheduledItem.dedupe_key.endswith(f":post:invite-p{participant_id}-a0"),
            )
        ).one()
    return keys


def test_a_restarted_bot_finishes_a_closed_rounds_posts_once(sandbox: Sandbox, database_url: str) -> None:
    clock = ManualClock(START)
    trio = ("U_CEO", "U_CTO", "U_CFO")
    definition = flow(FLOW)
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        sandbox.user(TEAM, "U_FAC").slash(
            "/hiring", f"start {FLOW} <@U_CEO> <@U_CTO> <@U_CFO>", channel=CHANNEL
        )
        bot.settle()
        with bot.runtime.sessions() as session:  # named: the facilitator is told who said what
            session.execute(update(Workshop).values(anonymous=False))
            session.commit()
        for user, part in zip(trio, plan_story(definition, 3, seed=1).parts, strict=True):
            Stakeholder(
                sandbox, sandbox.user(TEAM, user), user, part.persona.role, part.answers
            ).answer_round1(definition)
            bot.settle()
        sandbox.user(TEAM, "U_FAC").slash("/hiring", "close", channel=CHANNEL)
        bot.settle()
        [named] = [m for m in sandbox.dm("U_FAC") if m.text.startswith("Who answered what")]
        # What a crash leaves in the outbox: the notice due again, the CTO's DM claimed by a process
        # of this host that has died (its lease still hours away), and "who said what" sent.
        with bot.runtime.sessions() as session:
            posts = ScheduledItem.kind == ItemKind.SEND
            session.execute(
                update(ScheduledItem)
                .where(posts, ScheduledItem.dedupe_key.endswith(":post:round1-notice"))
                .values(state=ScheduledState.PENDING, progress=None)
            )
            cto = session.query(Participant.id).filter(Participant.user_id == "U_CTO").scalar()
            session.execute(
                update(ScheduledItem)
                .where(posts, ScheduledItem.dedupe_key.endswith(f":post:round2-dm-p{cto}"))
                .values(
                    state=ScheduledState.CLAIMED,
                    claimed_by=f"{HOST}:{dead_pid()}:crashed",
                    lease_until=clock.now() + timedelta(hours=1),
                    progress=None,
                )
            )
            session.commit()

    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        bot.run_due()
        with bot.runtime.sessions() as session:
            stamps = dict(session.query(Participant.user_id, Participant.round2_dm_ts).all())
            unsent = (
                session.query(ScheduledItem)
                .filter(ScheduledItem.kind == ItemKind.SEND, ScheduledItem.state != ScheduledState.DONE)
                .count()
            )
    notices = [m for m in sandbox.messages(CHANNEL) if m.text.startswith("Round 1 of workshop")]
    assert len(notices) == 2  # the one due again is posted again, once
    assert [len(round2_dms(sandbox, u)) for u in trio] == [1, 2, 1]
    assert [m.ts for m in sandbox.dm("U_FAC") if m.text.startswith("Who answered what")] == [named.ts]
    assert stamps["U_CTO"] == round2_dms(sandbox, "U_CTO")[-1]  # the DM updated later is the new one
    assert all(ts and not ts.startswith("pending") for ts in stamps.values())
    assert unsent == 0


def dead_pid() -> int:
    """The pid of a process of this host that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def round2_dms(sandbox: Sandbox, user: str) -> list[str]:
    return [m.ts for m in sandbox.dm(user) if m.text.startswith("Round 2:")]
