"""`/hiring export [WORKSHOP]`: the facilitator (or a workspace admin) gets the workshop's decision
record in a DM, as three files uploaded with slack-sdk's `files_upload_v2`, after the acknowledgement."""

from __future__ import annotations

from bot.admins import is_workspace_admin
from bot.export.files import export_files
from bot.export.gather import gather_record
from bot.listeners.commands.invocation import Invocation
from flows.errors import NotFound, WorkshopError
from storage.guards import require_facilitator
from storage.models import Workshop


def export(call: Invocation) -> None:
    workshop = _workshop(call)
    user_id = call.command.user_id
    # Only ask Slack when it matters: the facilitator needs no admin rights.
    admin = user_id != workshop.facilitator_id and is_workspace_admin(call.client, user_id)
    require_facilitator(workshop, user_id, admin, "export")
    record = gather_record(call.workshops, workshop)
    # Only read: end the transaction (and give its connection back) before the uploads, which take a while.
    call.session.rollback()
    number, title = record.workshop_id, record.flow.title
    privacy = " It names nobody: the workshop is anonymous." if record.anonymous else ""
    uploads = [{"file": f.content, "filename": f.filename, "title": f.title} for f in export_files(record)]
    dm = call.client.conversations_open(users=user_id)["channel"]["id"]
    call.client.files_upload_v2(
        channel=dm,
        file_uploads=uploads,
        initial_comment=f"The decision record of workshop #{number}, {title}: the record as Markdown, "
        f"every answer as CSV, and the whole record as JSON.{privacy}",
    )
    call.tell(f"I sent you the decision record of workshop #{number} in a direct message.")


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
