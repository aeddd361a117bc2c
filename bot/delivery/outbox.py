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

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.services.scheduling import ItemKind
from storage.models import Workshop
from storage.repositories import ScheduledRepository

# Where `Session.info` keeps the ids of the posts written in the open transaction.
WRITTEN = "outbox"
# Columns a post's ts may be written back to, for the messages updated or replied to later.
TsColumn = Literal["participant.round2_dm_ts", "participant.invite_ts", "checkin.posted_ts"]
Method = Literal["post", "update"]


class Post(BaseModel):
    """One chat.postMessage (or, with `method="update"`, one chat.update), as the outbox keeps it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: str
    message: dict[str, Any]  # the call's text and blocks
    what: str  # the post in the facilitator's words, should it fail for good
    method: Method = "post"
    ts: str | None = None  # the message an update edits
    after: str | None = None  # the key of the post this one must follow (a series, in order)
    thread_ts: str | None = None  # a reply in this thread
    thread_of: str | None = None  # a reply in the thread of the post with this key, once it is out
    ts_into: TsColumn | None = None
    row_id: int | None = None


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
            ),
        )

    def update(
        self,
        workshop: Workshop,
        key: str,
        channel: str,
        ts: str,
        message: Message,
        what: str,
        *,
        after: str | None = None,
    ) -> None:
        """Edit the message `ts` in `channel` to read `message` once this transaction commits; `key`
        names this edit (a later edit of the same message needs a key of its own)."""
        message_dict = message.to_dict()
        edit = Post(channel=channel, message=message_dict, what=what, method="update", ts=ts, after=after)
        self._write(workshop, key, edit)

    def _write(self, workshop: Workshop, key: str, post: Post) -> None:
        item_id = ScheduledRepository(self._session).add(
            team_id=workshop.team_id,
            workshop_id=workshop.id,
            kind=ItemKind.SEND,
            dedupe_key=key,
            due_at=self._now(),
            payload=post.model_dump(exclude_none=True),
        )
        if item_id is not None:
            self._session.info.setdefault(WRITTEN, []).append(item_id)


def post_key(workshop: Workshop, name: str) -> str:
    return f"w{workshop.id}:post:{name}"
