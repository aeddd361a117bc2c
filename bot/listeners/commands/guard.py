"""`/hiring`'s facilitator-only subcommands (`Subcommand.guard`), refused to anyone else before the
listener runs, as the facilitator's buttons are (`bot.edge.facilitator_only`). The text is parsed here
once, for every subcommand, and the listener takes the parse from the context (`parsed_hiring`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from bot.edge.facilitator_only import Check, FacilitatorCheck
from bot.edge.payloads import SlashCommand
from bot.listeners.commands.registry import parse_hiring_text
from bot.listeners.commands.subcommand import HiringCommand, Subcommand
from flows.errors import WorkshopError

# Where the check leaves the parsed command for the listener.
PARSED = "parsed_hiring"

Parsed = tuple[SlashCommand, Subcommand, HiringCommand]


class FacilitatorOnlyCommand(FacilitatorCheck):
    """Checks the subcommands with a `Guard`, for the workshop the guard locates; lets the rest through."""

    def check_for(self, body: dict[str, Any], context: BoltContext) -> Check | None:
        try:
            parsed = _parse(body)
        except WorkshopError:
            return None  # the listener meets the same error and answers it
        context[PARSED] = parsed
        command, subcommand, hiring = parsed
        guard = subcommand.guard
        if guard is None:
            return None
        return (lambda workshops: guard.locate(workshops, command, hiring)), guard.doing


def parsed_hiring(body: dict[str, Any], context: BoltContext) -> Parsed:
    """The command as the check parsed it; a command it could not parse raises its error here."""
    parsed: Parsed | None = context.get(PARSED)
    return parsed if parsed is not None else _parse(body)


def _parse(body: dict[str, Any]) -> Parsed:
    command = SlashCommand.parse(body)
    subcommand, hiring = parse_hiring_text(command.text)
    return command, subcommand, hiring
