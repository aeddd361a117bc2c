"""`/hiring export [WORKSHOP]`: the facilitator (or a workspace admin) gets the workshop's decision
record in a DM, as three files uploaded with slack-sdk's `files_upload_v2`. Who may export is checked
before the acknowledgement's follow-up; reading the record and the uploads (seven Web API calls) run
after it, off the listener pool (`bot.followups`)."""

from __future__ import annotations

from bot.admins import acts_as_admin
from bot.blocks.error import error_message
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, workshop_number
from bot.workflows.export import send_record
from flows.errors import NotFound, WorkshopError
from storage.guards import require_facilitator
from storage.models import Workshop


def export(call: Invocation) -> None:
    call.ack()
    runtime = call.runtime
    workshop = _workshop(call)
    team_id, number, user_id = workshop.team_id, workshop.id, call.command.user_id
    admin = acts_as_admin(call.client, workshop, user_id)
    require_facilitator(workshop, user_id, admin, "export")

    def tell(error: WorkshopError) -> None:
        call.respond(**error_message(error.problem, error.fix).to_dict(), response_type="ephemeral")

    send_record(call.client, runtime, team_id, number, user_id, done=call.tell, tell=tell)


def _workshop(call: Invocation) -> Workshop:
    """The numbered workshop, else this channel's only workshop, decided or not."""
    command = call.command
    if call.parsed.workshop_id is not None:
        return call.workshops.get(command.team_id, call.parsed.workshop_id)
    found = call.workshops.in_channel(command.team_id, command.channel_id, active_only=False)
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
)
