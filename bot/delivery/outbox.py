"""The outbox: a Slack post written in the same transaction as the change that causes it, and sent
once that transaction has committed.

A post is a scheduled item of kind `send`, so the dispatcher, which every instance runs, is its one
deliverer (`bot.scheduler.handlers.send`): it claims the item atomically (skipping rows another
instance holds, on PostgreSQL), keeps the channel's pace, records the message's ts, retries what
Slack refused for a while with growing waits, and tells the facilitator once when a post fails for
good. The item's key is the post's idempotency key: writing the same post twice makes one item.
Right after the commit, the process that wrote the posts sends them in the order written
(`bot.scheduler.courier`); the dispatcher's loop finishes what a process that died left.

Nothing is posted for a transaction that rolls back, and nothing committed is left unposted.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.charts.verdict import Chart
from bot.services.scheduling import ItemKind
from storage.models import Workshop
from storage.repositories import ScheduledRepository

# Where `Session.info` keeps the ids of the posts written in the open transaction.
WRITTEN = "outbox"
# Columns a post's ts may be written back to, for the messages updated or replied to later.
TsColumn = Literal[
    "participant.round2_dm_ts",
    "participant.invite_ts",
    "checkin.posted_ts",
    "workshop.summary_ts",
    "workshop.preview_ts",
    "workshop.announcement_ts",
]
# Posts whose refusal is told to the facilitator at once, with what to do, rather than retried:
# `/hiring remind` sends them again (`bot.workflows.refusals`).
Refusal = Literal["invitation", "announcement"]
Method = Literal["post", "update", "upload"]


class File(BaseModel):
    """A file to share (files_upload_v2), its bytes kept as base64 so the row is plain JSON."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content_b64: str
    filename: str
    title: str
    alt_text: str

    @classmethod
    def of(cls, chart: Chart) -> File:
        content = base64.b64encode(chart.png).decode()
        return cls(content_b64=content, filename=chart.filename, title=chart.title, alt_text=chart.alt_text)

    def content(self) -> bytes:
        return base64.b64decode(self.content_b64)


class Post(BaseModel):
    """One chat.postMessage, chat.update (`method="update"`) or files_upload_v2 (`"upload"`), as the
    outbox keeps it. A user's id as the channel means the app's DM with them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: str
    message: dict[str, Any] | None = None  # the call's text and blocks
    file: File | None = None
    what: str  # the post in the facilitator's words, should it fail for good
    method: Method = "post"
    ts: str | None = None  # the message an update edits
    ts_of: str | None = None  # ... or the key of the post that made it, once it is out
    after: str | None = None  # the key of the post this one must follow (a series, in order)
    thread_ts: str | None = None  # a reply in this thread
    thread_of: str | None = None  # a reply in the thread of the post with this key, once it is out
    ts_into: TsColumn | None = None
    row_id: int | None = None
    # Open the DM first and record its id beside the ts (an invitation: its later edits need it).
    open_dm: bool = False
    if_refused: Refusal | None = None
    # The participant a reminder is for: a deactivated account is marked and told, not retried.
    reminds: int | None = None


class Outbox:
    def __init__(self, session: Session, now: Callable[[], datetime]) -> None:
        self._session = session
        self._now = now

    def post(
        self,
        workshop: Workshop,
        key: str,
        channel: str,
        message: Message,
        what: str,
        *,
        after: str | None = None,
        thread_ts: str | None = None,
        thread_of: str | None = None,
        ts_into: tuple[TsColumn, int] | None = None,
        open_dm: bool = False,
        if_refused: Refusal | None = None,
        reminds: int | None = None,
    ) -> None:
        """Post `message` to `channel` once this transaction commits; `key`, unique in the workspace,
        makes it once however often this is called."""
        column, row_id = ts_into if ts_into is not None else (None, None)
        self._write(
            workshop,
            key,
            Post(
                channel=channel,
                message=message.to_dict(),
                what=what,
                after=after,
                thread_ts=thread_ts,
                thread_of=thread_of,
                ts_into=column,
                row_id=row_id,
                open_dm=open_dm,
                if_refused=if_refused,
                reminds=reminds,
            ),
        )

    def update(
        self,
        workshop: Workshop,
        key: str,
        channel: str,
        message: Message,
        what: str,
        *,
        ts: str | None = None,
        ts_of: str | None = None,
        after: str | None = None,
    ) -> None:
        """Edit a message to read `message` once this transaction commits: the one at `ts`, or the one
        the post keyed `ts_of` made. `key` names this edit (a later edit needs a key of its own)."""
        if (ts is None) == (ts_of is None):
            raise ValueError("an edit names its message by exactly one of ts and ts_of")
        edit = Post(
            channel=channel,
            message=message.to_dict(),
            what=what,
            method="update",
            ts=ts,
            ts_of=ts_of,
            after=after,
        )
        self._write(workshop, key, edit)

    def upload(
        self,
        workshop: Workshop,
        key: str,
        channel: str,
        chart: Chart,
        what: str,
        *,
        after: str | None = None,
        thread_ts: str | None = None,
        thread_of: str | None = None,
    ) -> None:
        """Share `chart` in `channel` (in a thread, as for posts) once this transaction commits."""
        upload = Post(
            channel=channel,
            file=File.of(chart),
            what=what,
            method="upload",
            after=after,
            thread_ts=thread_ts,
            thread_of=thread_of,
        )
        self._write(workshop, key, upload)

    def follow_up(self, workshop: Workshop, kind: ItemKind, key: str, payload: Mapping[str, Any]) -> None:
        """Schedule `kind` now, to run after this transaction's posts (work that needs their ts)."""
        self._add(workshop, kind, key, payload)

    def written(self, workshop: Workshop, key: str) -> bool:
        """Whether a post with this key was ever written (sent, due, or given up)."""
        return ScheduledRepository(self._session).has(workshop.team_id, ItemKind.SEND, key)

    def in_flight(self, workshop: Workshop, key: str) -> bool:
        """Whether the post with this key is written and not yet sent (nor given up)."""
        return ScheduledRepository(self._session).has(workshop.team_id, ItemKind.SEND, key, unsettled=True)

    def keys_written(self, workshop: Workshop, key_prefix: str) -> list[str]:
        """The keys, starting `key_prefix`, of the workshop's posts ever written."""
        items = ScheduledRepository(self._session)
        return items.keys(workshop.team_id, workshop.id, ItemKind.SEND, key_prefix)

    def count_written(self, workshop: Workshop, key_prefix: str) -> int:
        """How many posts with keys starting `key_prefix` were ever written."""
        return len(self.keys_written(workshop, key_prefix))

    def _write(self, workshop: Workshop, key: str, post: Post) -> None:
        self._add(workshop, ItemKind.SEND, key, post.model_dump(exclude_none=True))

    def _add(self, workshop: Workshop, kind: ItemKind, key: str, payload: Mapping[str, Any]) -> None:
        item_id = ScheduledRepository(self._session).add(
            team_id=workshop.team_id,
            workshop_id=workshop.id,
            kind=kind,
            dedupe_key=key,
            due_at=self._now(),
            payload=payload,
        )
        if item_id is not None:
            self._session.info.setdefault(WRITTEN, []).append(item_id)


def post_key(workshop: Workshop, name: str) -> str:
    return f"w{workshop.id}:post:{name}"
