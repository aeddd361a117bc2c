"""What one person was told after a request, and whether anything else changed because of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox import Delivery, Sandbox
from bot.sandbox.reading import readable_text, readable_view_text
from tests.bot.conftest import Workspace
from tests.bot.faults.snapshot import Snapshot


@dataclass(frozen=True)
class Seen:
    """The person's ephemerals, DMs and modal stack, by count."""

    ephemerals: int
    dms: int

    @classmethod
    def of(cls, sandbox: Sandbox, team_id: str, user_id: str) -> Seen:
        person = sandbox.user(team_id, user_id)
        return cls(len(person.ephemerals()), len(person.dm()))


def acknowledgement_text(reply: object) -> str:
    """What an acknowledgement's body shows: a slash command's reply, or a form's errors or new view."""
    if isinstance(reply, str):
        return reply
    if not isinstance(reply, dict):
        return ""
    if isinstance(reply.get("view"), dict):
        return readable_view_text(reply["view"])
    if isinstance(reply.get("errors"), dict):
        return "\n".join(str(message) for message in reply["errors"].values())
    return readable_text(list(reply.get("blocks") or []), str(reply.get("text") or ""))


def told_after(
    ws: Workspace, team_id: str, user_id: str, attempt: Callable[[], Delivery | None]
) -> tuple[str, list[str]]:
    """Make the attempt; returns what the person was told (ack, new ephemerals and DMs, joined) and
    every change beyond that: stored rows, and anything shown to anyone else."""
    person = ws.sandbox.user(team_id, user_id)
    seen = Seen.of(ws.sandbox, team_id, user_id)
    before = Snapshot.take(ws.bot.runtime.engine, ws.sandbox)
    delivery = attempt()
    ws.bot.settle()
    told = [acknowledgement_text(delivery.response)] if delivery is not None else []
    told += [e.readable_text() for e in person.ephemerals()[seen.ephemerals :]]
    told += [m.readable_text() for m in person.dm()[seen.dms :]]
    told = [text for text in told if text]
    after = Snapshot.take(ws.bot.runtime.engine, ws.sandbox)
    unexplained = [
        change for change in after.changes_since(before) if not _only_telling(change, told, after, before)
    ]
    return "\n".join(told), unexplained


def _only_telling(change: str, told: list[str], after: Snapshot, before: Snapshot) -> bool:
    """A change that is nothing but the person being told: their own messages, newly shown."""
    if change.startswith("newly shown:"):
        said = [_words(message) for message in told]
        new = [_words(text) for text in after.shown if text not in before.shown]
        return all(any(text in message or message in text for message in said) for text in new)
    if change.startswith("Slack holds"):
        return bool(told)
    return False


def _words(text: str) -> str:
    # The same message reads with line breaks in its blocks and spaces in its fallback text.
    return " ".join(text.split())
