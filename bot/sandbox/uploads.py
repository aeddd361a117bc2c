"""Step 2 of Slack's external upload: the bytes posted to the URL files.getUploadURLExternal handed out.

Slack takes them raw (slack-sdk posts the bytes as the request body) or multipart-encoded (the file in a
form part), answers HTTP 200 with "OK - <bytes>", and holds the file until files.completeUploadExternal.
The byte count must be the `length` announced in step 1: the sandbox refuses any other count with a 400
and keeps nothing, so completing that file then fails as one never uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP

from bot.sandbox.state import Workspace


@dataclass(frozen=True)
class UploadAnswer:
    status: int
    text: str


def _multipart_file(body: bytes, content_type: str) -> bytes | None:
    """The first part that carries a file (or is named `file`) of a multipart/form-data body."""
    parsed = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not parsed.is_multipart():
        return None
    for part in parsed.iter_parts():
        assert isinstance(part, Message)
        if part.get_filename() is not None or part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def receive_upload(workspace: Workspace, ticket: str, body: bytes, content_type: str) -> UploadAnswer:
    with workspace.changing():
        uploaded = next((f for f in workspace.files.values() if f.upload_ticket == ticket), None)
        if uploaded is None:
            return UploadAnswer(404, "upload URL not found: ask files.getUploadURLExternal for one")
        if uploaded.completed:
            return UploadAnswer(410, "this upload was already completed; ask for a new upload URL")
        data = body
        if content_type.startswith("multipart/form-data"):
            found = _multipart_file(body, content_type)
            if found is None:
                return UploadAnswer(400, "multipart body without a file part")
            data = found
        if len(data) != uploaded.length:
            return UploadAnswer(
                400, f"received {len(data)} bytes, but files.getUploadURLExternal announced {uploaded.length}"
            )
        uploaded.content = data
        return UploadAnswer(200, f"OK - {len(data)}")
