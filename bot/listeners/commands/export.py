"""`/hiring export [WORKSHOP]`: the facilitator (or a workspace admin) gets the workshop's decision
record in a DM, as three files uploaded with slack-sdk's `files_upload_v2`. Who may export is checked
before the listener runs (`bot.listeners.commands.guard`); reading the record and the uploads (seven
Web API calls) run after the acknowledgement, off the listener pool (`bot.edge.followups`)."""

from __future__ import annotations

from bot.blocks.error import error_message
from bot.edge.payloads import SlashCommand
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Guard, HiringCommand, Subcommand, workshop_number
from bot.listeners.commands.targets import checked_workshop
from bot.services.workshops import WorkshopService
from bot.workflows.export import send_record
from flows.errors import NotFound, WorkshopError
from storage.models import Workshop


def export(call: Invocation) -> None:
    call.ack()
    workshop, _ = checked_workshop(call)
    team_id, number, user_id = workshop.team_id, workshop.id, call.command.user_id

    def tell(error: WorkshopError) -> None:
        call.respond(**error_message(error.problem, error.fix).to_dict(), response_type="ephemeral")

    send_record(call.client, call.runtime, team_id, number, user_id, done=call.tell, tell=tell)


def _workshop(workshops: WorkshopService, command: SlashCommand, parsed: HiringCommand) -> Workshop:
    """The numbered workshop, else this channel's only workshop, decided or not."""
    if parsed.workshop_id is not None:
        return workshops.get(command.team_id, parsed.workshop_id)
    found = workshops.in_channel(command.team_id, command.channel_id, active_only=False)
    if not found:
        raise NotFound("There is no workshop in this channel to export.", "Run it in the workshop's channel.")
    if len(found) > 1:
        numbers = ", ".join(f"#{w.id}" for w in found)
        raise WorkshopError(
            f"This channel has {len(found)} workshops ({numbers}).",
            f"Say which one to export, e.g. `/hiring export {found[0].id}`.",
        )
    return found[0]


SUBCOMMAND = Subcommand(
    name="export",
    arguments="[WORKSHOP]",
    hint="",
    summary=(
        "Get a workshop's decision record in a DM: Markdown, the answers as CSV, and JSON "
        "(the facilitator or a workspace admin)."
    ),
    parse=workshop_number,
    handle=export,
    guard=Guard("export", _workshop),
)
