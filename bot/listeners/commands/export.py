"""`/hiring export [WORKSHOP]`: the facilitator (or a workspace admin) gets the workshop's decision
record in a DM, as three files uploaded with slack-sdk's `files_upload_v2`. Who may export is checked
before the acknowledgement's follow-up; reading the record and the uploads (seven Web API calls) run
after it, off the listener pool (`bot.followups`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.admins import is_workspace_admin
from bot.blocks.error import error_message
from bot.export.files import export_files
from bot.export.gather import gather_record
from bot.listeners.commands.invocation import Invocation
from bot.runtime import Runtime
from flows.errors import NotFound, WorkshopError
from storage.guards import require_facilitator
from storage.models import Workshop


def export(call: Invocation, runtime: Runtime) -> None:
    workshop = _workshop(call)
    team_id, number, user_id = workshop.team_id, workshop.id, call.command.user_id
    # Only ask Slack when it matters: the facilitator needs no admin rights.
    admin = user_id != workshop.facilitator_id and is_workspace_admin(call.client, user_id)
    require_facilitator(workshop, user_id, admin, "export")

    def send(follow_up: Session) -> None:
        workshops = runtime.service(follow_up)
        record = gather_record(workshops, workshops.get(team_id, number))
        follow_up.rollback()  # only read: give the connection back before the uploads
        privacy = " It names nobody: the workshop is anonymous." if record.anonymous else ""
        files = export_files(record)
        uploads = [{"file": f.content, "filename": f.filename, "title": f.title} for f in files]
        dm = call.client.conversations_open(users=user_id)["channel"]["id"]
        call.client.files_upload_v2(
            channel=dm,
            file_uploads=uploads,
            initial_comment=f"The decision record of workshop #{number}, {record.flow.title}: the record as "
            f"Markdown, every answer as CSV, and the whole record as JSON.{privacy}",
        )
        call.tell(f"I sent you the decision record of workshop #{number} in a direct message.")

    def tell(error: WorkshopError) -> None:
        call.respond(**error_message(error.problem, error.fix).to_dict(), response_type="ephemeral")

    runtime.after_ack(send, tell=tell)


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
