"""The decision record sent to whoever asked for it, as three files in their DM: what `/hiring
export` and the App Home's Export button both do. Who may export is checked by the caller, before
the acknowledgement's follow-up; reading the record and the uploads (seven Web API calls) run after
it, off the listener pool (`bot.followups`)."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.export.files import export_files
from bot.export.gather import gather_record
from bot.runtime import Runtime
from flows.errors import WorkshopError


def send_record(
    client: WebClient,
    runtime: Runtime,
    team_id: str,
    number: int,
    user_id: str,
    *,
    done: Callable[[str], None],
    tell: Callable[[WorkshopError], None],
) -> None:
    def send(follow_up: Session) -> None:
        workshops = runtime.service(follow_up)
        record = gather_record(workshops, workshops.get(team_id, number))
        follow_up.rollback()  # only read: give the connection back before the uploads
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
        done(f"I sent you the decision record of workshop #{number} in a direct message.")

    runtime.after_ack(send, tell=tell)
