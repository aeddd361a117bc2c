"""Which workshop a `/hiring close|cancel|remind` means, and whether its user acts as an admin."""

from __future__ import annotations

from bot.edge.payloads import SlashCommand
from bot.listeners.commands.invocation import Invocation
from bot.services.workshops import WorkshopService
from bot.workflows.admins import acts_as_admin
from flows.errors import NotFound, WorkshopError
from storage.models import Workshop


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


def target(call: Invocation, verb: str) -> tuple[Workshop, bool]:
    """The workshop the command means, and whether its user acts on it as a workspace admin."""
    workshop = pick_workshop(call.workshops, call.command, call.parsed.workshop_id, verb)
    user_id = call.command.user_id
    return workshop, acts_as_admin(call.client, workshop, user_id)
