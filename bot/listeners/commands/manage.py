"""`/hiring status|close|cancel|remind|delete`: the facilitator's controls over a running workshop."""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.admins import is_workspace_admin
from bot.blocks.delete import delete_confirmation
from bot.blocks.notice import notice
from bot.blocks.status import status_message
from bot.payloads import HiringCommand, SlashCommand
from bot.presenters import status_card
from bot.workflows.home import refresh_homes
from bot.workflows.reminders import remind_now
from bot.workflows.rounds import close_and_publish
from flows.errors import NotFound, WorkshopError
from storage.models import Workshop
from storage.service import WorkshopService


def status(command: SlashCommand, respond: Respond, workshops: WorkshopService) -> None:
    cards = []
    for workshop in workshops.in_channel(command.team_id, command.channel_id):
        participants = workshops.workshops.participants(workshop.id)
        cards.append(status_card(workshop, workshops.flow_of(workshop), participants))
    for message in status_message(cards):
        respond(**message.to_dict(), response_type="ephemeral")


def close(
    command: SlashCommand,
    parsed: HiringCommand,
    client: WebClient,
    respond: Respond,
    session: Session,
    workshops: WorkshopService,
) -> None:
    workshop = pick_workshop(workshops, command, parsed.workshop_id, "close")
    admin = _acting_as_admin(client, workshop, command.user_id)
    outcome = close_and_publish(client, session, workshops, workshop, by_user=command.user_id, is_admin=admin)
    if outcome is None:
        respond(
            text=f"Workshop #{workshop.id} has no answering round open to close.", response_type="ephemeral"
        )
    else:
        respond(
            text=f"Closed round {outcome.round_closed} of workshop #{workshop.id}.", response_type="ephemeral"
        )


def cancel(
    command: SlashCommand,
    parsed: HiringCommand,
    client: WebClient,
    respond: Respond,
    session: Session,
    workshops: WorkshopService,
) -> None:
    workshop = pick_workshop(workshops, command, parsed.workshop_id, "cancel")
    admin = _acting_as_admin(client, workshop, command.user_id)
    workshops.cancel(command.team_id, workshop.id, by_user=command.user_id, is_admin=admin)
    session.commit()
    text = f"Workshop #{workshop.id} was cancelled by <@{command.user_id}>. Nothing more will be asked."
    client.chat_postMessage(channel=workshop.channel_id, **notice(text).to_dict())
    people = [p.user_id for p in workshops.workshops.participants(workshop.id)]
    refresh_homes(client, session, workshops, command.team_id, [*people, workshop.facilitator_id])


def remind(
    command: SlashCommand,
    parsed: HiringCommand,
    client: WebClient,
    respond: Respond,
    session: Session,
    workshops: WorkshopService,
) -> None:
    workshop = pick_workshop(workshops, command, parsed.workshop_id, "remind people in")
    admin = _acting_as_admin(client, workshop, command.user_id)
    reminded = remind_now(client, session, workshops, workshop, by_user=command.user_id, is_admin=admin)
    who = ", ".join(f"<@{u}>" for u in reminded) or "nobody: everyone has answered or declined"
    respond(text=f"Reminded {who}.", response_type="ephemeral")


def delete(
    command: SlashCommand,
    parsed: HiringCommand,
    client: WebClient,
    respond: Respond,
    session: Session,
    workshops: WorkshopService,
) -> None:
    if not is_workspace_admin(client, command.user_id):
        raise WorkshopError(
            "Only a workspace admin or owner can erase this workspace's workshops.",
            "Ask an admin to run `/hiring delete`.",
        )
    respond(**delete_confirmation(command.team_id).to_dict(), response_type="ephemeral")


def pick_workshop(
    workshops: WorkshopService, command: SlashCommand, workshop_id: int | None, verb: str
) -> Workshop:
    if workshop_id is not None:
        return workshops.get(command.team_id, workshop_id)
    running = workshops.in_channel(command.team_id, command.channel_id)
    if not running:
        raise NotFound("There is no running workshop in this channel.", "Start one with `/hiring start`.")
    if len(running) > 1:
        ids = ", ".join(f"#{w.id}" for w in running)
        raise WorkshopError(
            f"This channel has {len(running)} running workshops ({ids}).",
            f"Say which one to {verb}, e.g. `/hiring {verb.split()[0]} {running[0].id}`.",
        )
    return running[0]


def _acting_as_admin(client: WebClient, workshop: Workshop, user_id: str) -> bool:
    # Only ask Slack when it matters: the facilitator needs no admin rights.
    return user_id != workshop.facilitator_id and is_workspace_admin(client, user_id)
