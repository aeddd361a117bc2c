"""Which workshop a `/hiring close|cancel|remind` means (found before the listener runs, by
`bot.listeners.commands.guard`), and the workshop checked, read again in the handler's unit of work."""

from __future__ import annotations

from bot.edge.facilitator_only import acting_as_admin, checked_workshop_id
from bot.edge.payloads import SlashCommand
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import HiringCommand, Locator
from bot.services.workshops import WorkshopService
from flows.errors import NotFound, WorkshopError
from storage.models import Workshop


def running_workshop(verb: str) -> Locator:
    """The numbered workshop, else the channel's one running workshop; `verb` is what someone who
    must say which is told to choose one to do ("remind people in")."""

    def locate(workshops: WorkshopService, command: SlashCommand, parsed: HiringCommand) -> Workshop:
        if parsed.workshop_id is not None:
            return workshops.get(command.team_id, parsed.workshop_id)
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

    return locate


def checked_workshop(call: Invocation) -> tuple[Workshop, bool]:
    """The workshop the check let the person act on, and whether they act on it as a workspace admin."""
    workshop = call.workshops.get(call.command.team_id, checked_workshop_id(call.context))
    return workshop, acting_as_admin(call.context)
