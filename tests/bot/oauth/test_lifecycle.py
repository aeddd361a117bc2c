"""The app leaves a workspace (uninstalled, or its bot token revoked): its work stops, its records stay,
and another workspace carries on; installing again starts it again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.oauth.flow import workspace_client
from bot.process.clock import ManualClock
from bot.process.local import LocalBot
from bot.sandbox import Delivery, Sandbox
from bot.services.workshops import Invitee
from bot.services.workspaces import is_stopped
from bot.workflows.fanout import write_invitations
from storage.models import SLACK_INSTALLATIONS, Participant, ScheduledItem, ScheduledState, Workshop
from storage.repositories import ScheduledRepository
from tests.bot.oauth.conftest import (
    ACME,
    ACME_ADMIN,
    ACME_CEO,
    ACME_CHANNEL,
    ACME_CTO,
    FLOW,
    GLOBEX,
    GLOBEX_CEO,
    GLOBEX_CHANNEL,
    GLOBEX_OWNER,
    START,
    install,
    rows,
    start_workshop,
)

DAY = timedelta(days=1)


def leave(slack: Sandbox, team_id: str, event_type: str) -> Delivery:
    """What Slack does when the app leaves a workspace: the token stops working, then the event."""
    team = slack.workspace.team(team_id)
    slack.revoke_token(team.bot_token)
    event: dict = {"type": event_type}
    if event_type == "tokens_revoked":
        event["tokens"] = {"oauth": [], "bot": [team.bot_user_id]}
    return slack.send_event(team_id, event)


def schedule(
    bot: LocalBot, team_id: str, key: str, due_at: datetime, state: ScheduledState = ScheduledState.PENDING
) -> int:
    with bot.runtime.sessions() as session:
        items = ScheduledRepository(session)
        items.add(team_id=team_id, workshop_id=None, kind="round_deadline", dedupe_key=key, due_at=due_at)
        item = items.find(team_id, "round_deadline", key)
        assert item is not None
        item.state = state
        if state is ScheduledState.CLAIMED:
            item.claimed_by, item.lease_until = "another-instance", START + DAY
        session.commit()
        return item.id


def states(bot: LocalBot, team_id: str) -> dict[int, ScheduledState]:
    with bot.runtime.sessions() as session:
        query = select(ScheduledItem.id, ScheduledItem.state).where(ScheduledItem.team_id == team_id)
        return {item_id: state for item_id, state in session.execute(query)}


def stopped(bot: LocalBot, team_id: str) -> bool:
    with bot.runtime.sessions() as session:
        return is_stopped(session, team_id)


def stored(bot: LocalBot, team_id: str) -> tuple[int, int]:
    """How many workshops and participants the team has in the database."""
    with bot.runtime.sessions() as session:
        of_team = Workshop.team_id == team_id
        workshops = session.scalar(select(func.count(Workshop.id)).where(of_team))
        participants = session.scalar(select(func.count(Participant.id)).join(Workshop).where(of_team))
        return workshops or 0, participants or 0


@pytest.mark.parametrize("event_type", ["app_uninstalled", "tokens_revoked"])
def test_leaving_stops_the_workspaces_work_and_keeps_its_records(
    both_installed: LocalBot, slack: Sandbox, clock: ManualClock, event_type: str
) -> None:
    bot = both_installed
    start_workshop(bot, slack, ACME, ACME_CHANNEL, ACME_ADMIN, ACME_CEO, ACME_CTO)
    due = schedule(bot, ACME, "test:due", START + DAY)
    running = schedule(bot, ACME, "test:running", START + DAY, ScheduledState.CLAIMED)
    done = schedule(bot, ACME, "test:done", START - DAY, ScheduledState.DONE)
    elsewhere = schedule(bot, GLOBEX, "test:later", START + 30 * DAY)
    # A person's own token going changes nothing: the app asks for none, and its bot token still works.
    slack.send_event(ACME, {"type": "tokens_revoked", "tokens": {"oauth": [ACME_ADMIN], "bot": []}})
    bot.settle()
    assert not stopped(bot, ACME) and states(bot, ACME)[due] == ScheduledState.PENDING

    assert leave(slack, ACME, event_type).acknowledged
    bot.settle()

    acme = states(bot, ACME)
    assert acme[due] == acme[running] == ScheduledState.CANCELLED and acme[done] == ScheduledState.DONE
    assert ScheduledState.PENDING not in acme.values() and ScheduledState.CLAIMED not in acme.values()
    assert states(bot, GLOBEX) == {elsewhere: ScheduledState.PENDING}
    assert stopped(bot, ACME) and not stopped(bot, GLOBEX)
    # Everything stored for Acme is still there, to be erased only when an admin asks.
    assert stored(bot, ACME) == (1, 2)
    assert len(rows(bot, SLACK_INSTALLATIONS, team_id=ACME)) == 1

    calls_so_far = len(slack.calls)
    clock.advance(2 * DAY)
    assert bot.run_due() == []
    assert slack.calls[calls_so_far:] == []


def test_invitations_still_to_send_are_not_sent_once_the_workspace_has_left(
    both_installed: LocalBot, slack: Sandbox
) -> None:
    bot = both_installed
    # Stored, but nobody invited yet: as when the fan-out is cut short and picked up again later.
    acme_workshop = store_workshop(bot, ACME, ACME_CHANNEL, ACME_ADMIN, ACME_CEO, ACME_CTO)
    globex_workshop = store_workshop(bot, GLOBEX, GLOBEX_CHANNEL, GLOBEX_OWNER, GLOBEX_CEO)
    leave(slack, ACME, "app_uninstalled")
    bot.settle()

    calls_so_far = len(slack.calls)
    assert invite(bot, ACME, acme_workshop) == 0
    assert slack.calls[calls_so_far:] == []
    assert invite(bot, GLOBEX, globex_workshop) == 1
    assert [call.team_id for call in slack.calls_to("conversations.open")] == [GLOBEX]


def test_installing_again_starts_work_again(
    both_installed: LocalBot, slack: Sandbox, clock: ManualClock
) -> None:
    bot = both_installed
    revoked = slack.bot_token(ACME)
    leave(slack, ACME, "app_uninstalled")
    bot.settle()
    clock.advance(timedelta(hours=1))
    assert install(bot, slack, ACME, ACME_ADMIN).status == 200
    assert not stopped(bot, ACME)
    assert slack.bot_token(ACME) != revoked
    assert workspace_client(bot.app, bot.runtime, ACME).token == slack.bot_token(ACME)
    slack.user(ACME, ACME_ADMIN).open_home()
    bot.settle()
    [publish] = slack.calls_to("views.publish")
    assert publish.ok and publish.team_id == ACME


def store_workshop(bot: LocalBot, team_id: str, channel: str, facilitator: str, *people: str) -> int:
    with bot.runtime.sessions() as session:
        workshop = bot.runtime.service(session).create_workshop(
            team_id=team_id,
            channel_id=channel,
            facilitator_id=facilitator,
            flow_id=FLOW,
            invitees=[Invitee(person) for person in people],
            deadline=START + 7 * DAY,
            anonymous=True,
        )
        session.commit()
        return workshop.id


def invite(bot: LocalBot, team_id: str, workshop_id: int) -> int:
    """Write the workshop's invitations and let them go out; how many were written."""
    with bot.runtime.sessions.begin() as session:
        workshops = bot.runtime.service(session)
        written = write_invitations(session, workshops, workshops.get(team_id, workshop_id))
    bot.settle()
    return written
