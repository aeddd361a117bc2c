"""SIGTERM, as an orchestrator stops an instance: it stops taking requests, finishes the work it has
already acknowledged to Slack (storing it, with its posts in the outbox), lets the scheduled items in
hand finish, hands back the others it had claimed, and exits 0. The instance that comes next sends
what was left queued, each post once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from bot.demo.stage import TEAM_ID, Cast
from bot.sandbox import Delivery, Sandbox
from bot.sandbox.balancer import healthy
from bot.scheduler.dispatcher import DispatchPolicy
from bot.services.scheduling import ItemKind
from storage.models import Participant, ScheduledItem, ScheduledState, Workshop
from tests.bot.scaleout.instances import BotInstance
from tests.bot.scaleout.workshop import first_text, until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FLOW = "000-head-of-ai-or-product-lead"
SLOW_SLACK_SECONDS = 3.0  # long enough that SIGTERM surely arrives while the call is held
IN_HAND = DispatchPolicy().workers  # the scheduled items an instance runs at once


def test_sigterm_finishes_acknowledged_work_and_hands_back_claimed_items(
    stage: tuple[Sandbox, Cast], lone_instance: BotInstance, database: Engine, migrated: str, tmp_path: Path
) -> None:
    sandbox, cast = stage
    first, second = cast.stakeholders[:3], cast.stakeholders[3:6]
    start_workshop(cast, [person.user_id for person, _ in first])
    sandbox.wait_for(lambda: len(announcements(sandbox, cast)) == 1 and len(invited(sandbox, cast)) == 3)
    until("the workshop's nudges are planned", lambda: len(nudge_items(database)) > 1)

    # The scheduler claims the nudges made due, and Slack holds each it starts: with no time zone
    # kept for the person, a nudge asks users.info first.
    forget_time_zones(database)
    sandbox.inject_faults("hang", methods=["users.info"], hang_seconds=SLOW_SLACK_SECONDS, times=IN_HAND)
    nudges = make_nudges_due(database)
    sandbox.wait_for(lambda: sandbox.injected_faults, timeout=10)
    assert [item.id for item in nudge_items(database) if item.state is ScheduledState.CLAIMED] == nudges

    # A second workshop is acknowledged, and its fan-out is held by Slack too, when SIGTERM comes.
    sandbox.inject_faults("hang", methods=["conversations.info"], hang_seconds=SLOW_SLACK_SECONDS, times=1)
    acknowledged = start_workshop(cast, [person.user_id for person, _ in second])
    assert acknowledged.acknowledged
    lone_instance.terminate()

    exit_code = lone_instance.wait()
    assert exit_code == 0, f"exited with {exit_code}; its log ends:\n{lone_instance.log_tail(12)}"
    assert not healthy(lone_instance.request_url)
    items = [item for item in nudge_items(database) if item.id in nudges]
    assert not [item for item in items if item.state is ScheduledState.CLAIMED]
    handed_back = [item for item in items if item.state is ScheduledState.PENDING and item.outcome is None]
    assert len(handed_back) == max(0, len(nudges) - IN_HAND), "all but the ones in hand, never run"
    assert all(item.claimed_by is None and item.attempts == 0 for item in handed_back)

    # The acknowledged start was stored whole: the workshop, and its announcement and invitations
    # in the outbox, none left claimed by the instance that stopped.
    assert workshop_count(database) == 2
    posts = send_items(database)
    assert not [item.dedupe_key for item in posts if item.state is ScheduledState.CLAIMED]
    assert {"announcement", "invitation"} <= {kind_of(item.dedupe_key) for item in posts}

    # The next instance sends what was queued: announced once, and everyone invited once.
    successor = BotInstance("successor", sandbox, TEAM_ID, migrated, tmp_path)
    try:
        successor.launch().wait_until_healthy()
        sandbox.wait_for(lambda: len(announcements(sandbox, cast)) >= 2 and len(invited(sandbox, cast)) >= 6)
        sandbox.wait_for(lambda: all(item.state is ScheduledState.DONE for item in send_items(database)))
    finally:
        successor.stop()
    assert len(announcements(sandbox, cast)) == 2
    assert sorted(invited(sandbox, cast)) == sorted(person.user_id for person, _ in first + second)


def start_workshop(cast: Cast, user_ids: list[str]) -> Delivery:
    mentions = " ".join(f"<@{user_id}|{user_id.lower()}>" for user_id in user_ids)
    return cast.facilitator.hiring(f"start {FLOW} {mentions}")


def announcements(sandbox: Sandbox, cast: Cast) -> list[str]:
    return [m.text for m in sandbox.messages(cast.channel_id) if m.text.startswith("A hiring workshop")]


def invited(sandbox: Sandbox, cast: Cast) -> list[str]:
    return [
        person.user_id
        for person, _ in cast.stakeholders
        for m in person.person.dm()
        if first_text(m).startswith("You are invited")
    ]


def make_nudges_due(database: Engine) -> list[int]:
    """The workshop's nudges fall due now (the instance runs on the real clock, so they are moved
    to now, as the passing days would make them due); their ids, in order."""
    with database.begin() as connection:
        moved = connection.execute(
            update(ScheduledItem)
            .where(ScheduledItem.kind == ItemKind.NUDGE)
            .values(due_at=datetime.now(UTC) - timedelta(seconds=1))
            .returning(ScheduledItem.id)
        )
        return sorted(moved.scalars())


def forget_time_zones(database: Engine) -> None:
    with database.begin() as connection:
        connection.execute(update(Participant).values(timezone=None))


def workshop_count(database: Engine) -> int:
    with Session(database) as session:
        return len(session.scalars(select(Workshop.id)).all())


def send_items(database: Engine) -> list[ScheduledItem]:
    with Session(database) as session:
        return list(session.scalars(select(ScheduledItem).where(ScheduledItem.kind == ItemKind.SEND)))


def kind_of(key: str) -> str:
    """What a post is, from its outbox key (`announcement-a1`, `invite-p7-a1`, ...)."""
    name = key.rsplit(":", 1)[-1].split("-", 1)[0]
    return {"invite": "invitation"}.get(name, name)


def nudge_items(database: Engine) -> list[ScheduledItem]:
    with Session(database) as session:
        query = select(ScheduledItem).where(ScheduledItem.kind == ItemKind.NUDGE).order_by(ScheduledItem.id)
        return list(session.scalars(query))
