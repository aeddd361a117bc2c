"""`/hiring`: parse the text once, then hand the invocation to its subcommand (see `registry`), in
one unit of work (`bot.edge.units`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.error import error_message
from bot.edge.payloads import SlashCommand
from bot.edge.units import unit_of_work
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.registry import SUBCOMMANDS, parse_hiring_text
from bot.process.runtime import Runtime
from flows.errors import WorkshopError


def hiring_command(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    runtime: Runtime,
) -> None:
    with unit_of_work(context) as (session, workshops):
        try:
            command = SlashCommand.parse(body)
            subcommand, parsed = parse_hiring_text(command.text)
        except WorkshopError as error:
            ack(**error_message(error.problem, error.fix).to_dict())
            return
        call = Invocation(
            ack, command, parsed, client, respond, context, session, workshops, runtime, SUBCOMMANDS
        )
        subcommand.handle(call)
