"""Starting a workshop: check the channel, store it, announce it, invite everyone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.announcement import announcement
from bot.blocks.viewmodels import Tally
from bot.delivery.pacing import post_message
from bot.services.workshops import Invitee, WorkshopService
from bot.workflows import claims
from bot.workflows.fanout import deliver_invitations
from bot.workflows.planning import plan_round
from bot.workflows.presenters import workshop_view
from bot.workflows.slack_errors import BOT_MENTION, channel_problem, late_answer
from flows.errors import NotAllowed, WorkshopError
from storage.models import Workshop


@dataclass(frozen=True)
class LaunchRequest:
    team_id: str
    channel_id: str
    facilitator_id: str
    flow_id: str
    invitees: list[Invitee]
    deadline: datetime
    anonymous: bool = True
    checkin_months: list[int] = field(default_factory=lambda: [12])
    preview: bool = True
    request_key: str | None = None
    enterprise_id: str | None = None


def check_channel(client: WebClient, channel_id: str) -> None:
    """Refuse before anything is stored when the bot could not post the announcement."""
    if channel_id.startswith("D"):
        raise NotAllowed(
            "A workshop runs in a channel, not in a direct message.",
            "Run `/hiring start` in the channel where the team will see the result.",
        )
    try:
        channel = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        raise channel_problem(error, channel_id) from None
    if not channel.get("is_member", False):
        raise NotAllowed(
            f"I'm not a member of <#{channel_id}>, so I can't announce the workshop there.",
            f"Add me with `/invite {BOT_MENTION}`, then run `/hiring start` again.",
        )


def launch(
    client: WebClient, session: Session, workshops: WorkshopService, request: LaunchRequest
) -> Workshop:
    workshop = workshops.create_workshop(
        team_id=request.team_id,
        enterprise_id=request.enterprise_id,
        channel_id=request.channel_id,
        facilitator_id=request.facilitator_id,
        flow_id=request.flow_id,
        invitees=request.invitees,
        deadline=request.deadline,
        anonymous=request.anonymous,
        checkin_months=request.checkin_months,
        preview=request.preview,
        request_key=request.request_key,
    )
    session.commit()
    try:
        try:
            announce(client, session, workshops, workshop)
        except WorkshopError as problem:
            # People can answer before the channel hears of it: invite them, then say what failed.
            deliver_invitations(client, session, workshops, workshop.team_id, workshop.id)
            raise WorkshopError(
                f"Workshop #{workshop.id} started, but posting its announcement failed: {problem.problem}",
                "If it is not in the channel, run `/hiring remind` in a minute to post it; nothing was lost.",
            ) from None
        deliver_invitations(client, session, workshops, workshop.team_id, workshop.id)
    finally:
        plan_round(client, session, workshops, workshop, 1)  # deadline and nudges, even if posting failed
    return workshop


def announce(client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    """Post the announcement once: a retried start finds it claimed and posts nothing."""
    if not claims.claim(
        session, Workshop.announcement_ts, workshop.id, now=workshops.scope.now().timestamp()
    ):
        return
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    message = announcement(view, Tally(answered=0, invited=len(participants)))
    try:
        posted = post_message(client, workshop.channel_id, message)
    except SlackApiError as error:
        claims.settle(session, Workshop.announcement_ts, workshop.id, None)  # a later retry posts it
        raise channel_problem(error, workshop.channel_id) from None
    except TimeoutError:
        claims.settle(session, Workshop.announcement_ts, workshop.id, None)
        raise late_answer(workshop.channel_id) from None
    claims.settle(session, Workshop.announcement_ts, workshop.id, posted["ts"])
