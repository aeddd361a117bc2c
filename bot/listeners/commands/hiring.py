"""`/hiring`: hand the invocation to its subcommand (see `registry`), in one unit of work
(`bot.edge.units`). The text was parsed once, before, by the facilitator check (`guard`), which has
refused anyone else the facilitator's own subcommands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.error import error_message
from bot.edge.units import unit_of_work
from bot.listeners.commands.guard import parsed_hiring
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.registry import SUBCOMMANDS
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
            command, subcommand, parsed = parsed_hiring(body, context)
        except WorkshopError as error:
            ack(**error_message(error.problem, error.fix).to_dict())
            return
        call = Invocation(
            ack, command, parsed, client, respond, context, session, workshops, runtime, SUBCOMMANDS
        )
        subcommand.handle(call)
