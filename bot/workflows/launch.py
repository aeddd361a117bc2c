"""Starting a workshop: check the channel, store it, and write its announcement and invitations to
the outbox, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.announcement import announcement
from bot.blocks.viewmodels import Tally
from bot.delivery.outbox import Outbox, post_key
from bot.services.workshops import Invitee, WorkshopService
from bot.workflows.fanout import write_invitations
from bot.workflows.planning import look_up_time_zones, plan_round
from bot.workflows.presenters import workshop_view
from bot.workflows.slack_errors import BOT_MENTION, channel_problem
from flows.errors import NotAllowed
from storage.models import Participant, Workshop


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
    """Store the workshop with its announcement and invitations, which go out once the caller's unit
    of work commits; `client` looks up each person's time zone for their reminders."""
    # Asked before anything is written: a transaction that has written holds SQLite's one writer lock.
    zones = look_up_time_zones(client, [invitee.user_id for invitee in request.invitees])
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
    # Read once for the three steps below, which each read them when called on their own.
    participants = workshops.participants(workshop.id)
    for participant in participants:
        participant.timezone = participant.timezone or zones.get(participant.user_id)
    announce(session, workshops, workshop, participants)
    write_invitations(session, workshops, workshop, participants)
    plan_round(session, workshops, workshop, 1, participants)
    return workshop


def announce(
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    participants: list[Participant] | None = None,
) -> bool:
    """Announce the workshop once this transaction commits, unless it is announced or being
    announced; True when written. A refused announcement is told to the facilitator at once
    (`bot.workflows.refusals`), and `/hiring remind` writes it again."""
    if workshop.announcement_ts is not None:
        return False
    outbox = Outbox(session, workshops.scope.now)
    attempt = outbox.count_written(workshop, post_key(workshop, "announcement-a"))
    if attempt and outbox.in_flight(workshop, post_key(workshop, f"announcement-a{attempt - 1}")):
        return False
    participants = workshops.participants(workshop.id) if participants is None else participants
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    outbox.post(
        workshop,
        post_key(workshop, f"announcement-a{attempt}"),
        workshop.channel_id,
        announcement(view, Tally(answered=0, invited=len(participants))),
        "the workshop's announcement",
        ts_into=("workshop.announcement_ts", workshop.id),
        if_refused="announcement",
    )
    return True
