"""`/hiring status|close|cancel|remind|delete`: the facilitator's controls over a running workshop."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Respond

from bot.admins import is_workspace_admin
from bot.blocks.delete import delete_confirmation
from bot.blocks.notice import notice
from bot.blocks.status import status_message
from bot.listeners.commands.invocation import Invocation
from bot.payloads import SlashCommand
from bot.presenters import status_card
from bot.workflows.home import refresh_homes
from bot.workflows.reminders import remind_now, reminded_text
from bot.workflows.rounds import close_and_publish
from bot.workflows.withheld import Held
from flows.errors import NotFound, WorkshopError
from storage.models import Workshop
from storage.service import WorkshopService


def status(command: SlashCommand, respond: Respond, workshops: WorkshopService) -> None:
    cards = []
    for workshop in workshops.in_channel(command.team_id, command.channel_id):
        participants = workshops.workshops.participants(workshop.id)
        card = status_card(workshop, workshops.flow_of(workshop), participants)
        # The facilitator already sees who answered (they remind them); in an anonymous workshop
        # nobody else does, or a small panel's summary would be attributable.
        names_shown = not workshop.anonymous or command.user_id == workshop.facilitator_id
        cards.append(replace(card, names_shown=names_shown))
    for message in status_message(cards):
        respond(**message.to_dict(), response_type="ephemeral")


def close(call: Invocation) -> None:
    workshop, admin = _target(call, "close")
    outcome = close_and_publish(
        call.client, call.session, call.workshops, workshop, by_user=call.command.user_id, is_admin=admin
    )
    if outcome is None:
        call.tell(f"Workshop #{workshop.id} has no answering round open to close.")
    elif isinstance(outcome, Held):
        call.tell(
            f"Round {outcome.round} of workshop #{workshop.id} stays open: too few have answered to keep "
            "their answers anonymous. Your DM has the choices: more time, or a reminder."
        )
    else:
        call.tell(f"Closed round {outcome.round_closed} of workshop #{workshop.id}.")


def cancel(call: Invocation) -> None:
    workshop, admin = _target(call, "cancel")
    user_id = call.command.user_id
    call.workshops.cancel(call.command.team_id, workshop.id, by_user=user_id, is_admin=admin)
    call.session.commit()
    text = f"Workshop #{workshop.id} was cancelled by <@{user_id}>. Nothing more will be asked."
    call.client.chat_postMessage(channel=workshop.channel_id, **notice(text).to_dict())
    people = [p.user_id for p in call.workshops.workshops.participants(workshop.id)]
    refresh_homes(
        call.client, call.session, call.workshops, call.command.team_id, [*people, workshop.facilitator_id]
    )


def remind(call: Invocation) -> None:
    workshop, admin = _target(call, "remind people in")
    reminded = remind_now(
        call.client, call.session, call.workshops, workshop, by_user=call.command.user_id, is_admin=admin
    )
    call.tell(reminded_text(reminded))


def delete(call: Invocation) -> None:
    if not is_workspace_admin(call.client, call.command.user_id):
        raise WorkshopError(
            "Only a workspace admin or owner can erase this workspace's workshops.",
            "Ask an admin to run `/hiring delete`.",
        )
    call.respond(**delete_confirmation(call.command.team_id).to_dict(), response_type="ephemeral")


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


def _target(call: Invocation, verb: str) -> tuple[Workshop, bool]:
    """The workshop the command means, and whether its user acts on it as a workspace admin."""
    workshop = pick_workshop(call.workshops, call.command, call.parsed.workshop_id, verb)
    user_id = call.command.user_id
    # Only ask Slack when it matters: the facilitator needs no admin rights.
    return workshop, user_id != workshop.facilitator_id and is_workspace_admin(call.client, user_id)
