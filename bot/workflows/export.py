"""The decision record sent to whoever asked for it, as three files in their DM: what `/hiring
export` and the App Home's Export button both do. Reading the record and the uploads (seven Web API
calls) take a while, so both run it after the acknowledgement, as a lazy function; who may export
is checked there first, by the caller."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.export.files import export_files
from bot.export.gather import gather_record
from storage.service import WorkshopService


def send_record(
    client: WebClient, workshops: WorkshopService, team_id: str, number: int, user_id: str
) -> None:
    record = gather_record(workshops, workshops.get(team_id, number))
    workshops.session.rollback()  # only read: give the connection back before the uploads
    privacy = " It names nobody: the workshop is anonymous." if record.anonymous else ""
    files = export_files(record)
    uploads = [{"file": f.content, "filename": f.filename, "title": f.title} for f in files]
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        file_uploads=uploads,
        initial_comment=f"The decision record of workshop #{number}, {record.flow.title}: the record as "
        f"Markdown, every answer as CSV, and the whole record as JSON.{privacy}",
    )
