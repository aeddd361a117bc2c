"""`/hiring status`: who has answered and who has not, for each workshop in this channel."""

from __future__ import annotations

from bot.blocks.status import status_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, no_arguments
from bot.presenters import status_card


def status(call: Invocation) -> None:
    call.ack()
    cards = []
    for workshop in call.workshops.in_channel(call.command.team_id, call.command.channel_id):
        participants = call.workshops.workshops.participants(workshop.id)
        cards.append(status_card(workshop, call.workshops.flow_of(workshop), participants))
    for message in status_message(cards):
        call.respond(**message.to_dict(), response_type="ephemeral")


SUBCOMMAND = Subcommand(
    name="status",
    arguments="",
    summary="Who has answered and who has not, for each workshop in this channel.",
    parse=no_arguments,
    handle=status,
)
