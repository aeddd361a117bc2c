"""`/hiring help` (and `/hiring` alone): what the app does, and every subcommand in the registry."""

from __future__ import annotations

from bot.blocks.help import HelpLine, help_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, no_arguments


def show_help(call: Invocation) -> None:
    lines = [HelpLine(usage=s.usage, summary=s.summary) for s in call.subcommands]
    call.ack(**help_message(lines).to_dict())


SUBCOMMAND = Subcommand(
    name="help",
    arguments="",
    summary="Show this message.",
    parse=no_arguments,
    handle=show_help,
)
