"""`/hiring`: parse the text once, then hand the invocation to its subcommand (see `registry`); a
subcommand's slow part runs after the acknowledgement, as the command's lazy function."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.error import error_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.registry import SUBCOMMANDS, parse_hiring_text
from bot.payloads import SlashCommand
from bot.runtime import Runtime
from bot.units import unit_of_work
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


def has_follow_up(body: dict[str, Any]) -> bool:
    """Bolt's listener matcher: only a subcommand with slow work gets the lazy function (and the copy
    of the request Bolt makes for it)."""
    try:
        subcommand, _ = parse_hiring_text(SlashCommand.parse(body).text)
    except WorkshopError:
        return False
    return subcommand.follow_up is not None


def hiring_follow_up(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    runtime: Runtime,
) -> None:
    """Bolt starts it beside `hiring_command`, on the same pool, with a copy of the request."""
    with unit_of_work(context, lazy=True) as (session, workshops):
        try:
            command = SlashCommand.parse(body)
            subcommand, parsed = parse_hiring_text(command.text)
        except WorkshopError:
            return  # the acknowledgement said what was wrong
        if subcommand.follow_up is None:
            return
        call = Invocation(
            ack, command, parsed, client, respond, context, session, workshops, runtime, SUBCOMMANDS
        )
        subcommand.follow_up(call)
