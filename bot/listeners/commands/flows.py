"""`/hiring flows`: the guided flows and the documents behind them."""

from __future__ import annotations

from bot.blocks.flows import flows_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, no_arguments


def flows(call: Invocation) -> None:
    first, *rest = flows_message(call.runtime.catalog.all())
    call.ack(**first.to_dict())
    for message in rest:
        call.respond(**message.to_dict(), response_type="ephemeral")


SUBCOMMAND = Subcommand(
    name="flows",
    arguments="",
    summary="List the guided flows and the documents behind them.",
    parse=no_arguments,
    handle=flows,
)
