"""A bot that stopped mid-way finishes its posts when it starts again, without doubling any."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from bot.clock import ManualClock
from bot.local import LocalBot
from bot.sandbox import Sandbox
from bot.workflows.claims import LEASE_SECONDS
from storage.models import Participant, Workshop
from tests.bot.conftest import CHANNEL, TEAM

FLOW = "002-caio-or-cto"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_a_restarted_bot_finishes_the_fan_out_once(sandbox: Sandbox, database_url: str) -> None:
    clock = ManualClock(START)
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        sandbox.user(TEAM, "U_FAC").slash(
            "/hiring", f"start {FLOW} <@U_CEO> <@U_CTO> <@U_CFO>", channel=CHANNEL
        )
        bot.settle()
        # What a crash leaves in the database: the CFO's invitation claimed but not recorded as sent,
        # the CTO's not begun. Each is sent once more; the CEO's, recorded, is not.
        with bot.runtime.sessions() as session:
            session.execute(
                update(Participant)
                .where(Participant.user_id == "U_CFO")
                .values(invite_ts="pending:0000000001")
            )
            session.execute(update(Participant).where(Participant.user_id == "U_CTO").values(invite_ts=None))
            session.commit()
    assert [len(sandbox.dm("U_CEO")), len(sandbox.dm("U_CTO")), len(sandbox.dm("U_CFO"))] == [1, 1, 1]

    clock.advance(timedelta(seconds=LEASE_SECONDS + 1))
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        bot.settle()
        with bot.runtime.sessions() as session:
            stamps = dict(session.query(Participant.user_id, Participant.invite_ts).all())
            assert session.query(Workshop).one().announcement_ts
    assert len(sandbox.dm("U_CEO")) == 1  # already invited: not again
    assert len(sandbox.dm("U_CTO")) == 2 and len(sandbox.dm("U_CFO")) == 2  # the two left undone, resent
    assert all(not ts.startswith("pending") for ts in stamps.values())
    assert len(sandbox.messages(CHANNEL)) == 1  # one announcement


def test_a_fresh_claim_of_a_live_instance_is_left_alone(sandbox: Sandbox, database_url: str) -> None:
    clock = ManualClock(START)
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        sandbox.user(TEAM, "U_FAC").slash(
            "/hiring", f"start {FLOW} <@U_CEO> <@U_CTO> <@U_CFO>", channel=CHANNEL
        )
        bot.settle()
        fresh = f"pending:{int(clock.now().timestamp()):010d}"
        with bot.runtime.sessions() as session:
            session.execute(update(Participant).where(Participant.user_id == "U_CFO").values(invite_ts=fresh))
            session.commit()
    with LocalBot(sandbox, TEAM, database_url, clock=clock) as bot:
        bot.settle()
    assert len(sandbox.dm("U_CFO")) == 1
