"""Reading back what happened: everything the app showed people, refusals repeated against the same
request, and a short account of recent activity for timeout messages."""

from __future__ import annotations

import contextlib

from bot.sandbox.model import Call, Delivery, JsonDict, MessageVersion, Refusal, UploadedFile
from bot.sandbox.reading import readable_text, readable_view_text
from bot.sandbox.state import Workspace


def repeated_refusals(refusals: list[Refusal]) -> list[Refusal]:
    """Refusals of a request already refused for the same reason: a client that honours Retry-After
    never has any."""
    seen: set[tuple[str, str]] = set()
    repeated = []
    for refusal in refusals:
        key = (refusal.request_key, refusal.reason)
        if key in seen:
            repeated.append(refusal)
        seen.add(key)
    return repeated


def _versions(text: str, blocks: list[JsonDict], history: list[MessageVersion]) -> list[str]:
    # The `text` is shown too (notifications, screen readers), even when blocks are on screen.
    shown = []
    for version_text, version_blocks in [*((v.text, v.blocks) for v in history), (text, blocks)]:
        shown.append(version_text)
        if version_blocks:
            shown.append(readable_text(version_blocks))
    return [words for words in shown if words]


def _file_words(uploaded: UploadedFile) -> list[str]:
    # A text file's content is on screen once opened; an image's bytes are not text.
    words = [uploaded.name, uploaded.title or "", uploaded.alt_txt or ""]
    with contextlib.suppress(UnicodeDecodeError):
        words.append((uploaded.content or b"").decode("utf-8"))
    return [word for word in words if word]


def everything_shown(workspace: Workspace) -> list[str]:
    """The readable text of everything the app ever put in front of people: its messages and
    ephemerals with every earlier version (deleted ones too), the files it shared (names, titles,
    alt text, and the content of text files), every version of every view, and every error shown in
    a view."""
    with workspace.lock:
        shown = []
        for channel in workspace.channels.values():
            for message in channel.messages:
                if message.bot_id:
                    shown += _versions(message.text, message.blocks, message.history)
                    shown += [word for uploaded in message.files for word in _file_words(uploaded)]
        for ephemeral in workspace.ephemerals:
            shown += _versions(ephemeral.text, ephemeral.blocks, ephemeral.history)
        for view in workspace.views.values():
            shown += [readable_view_text(definition) for definition in [*view.history, view.definition]]
            shown += view.errors.values()
        return shown


def recent_activity(calls: list[Call], deliveries: list[Delivery], count: int = 15) -> str:
    lines = ["Recent Web API calls:"]
    for call in calls[-count:]:
        outcome = "ok" if call.ok else call.response.get("error")
        arguments = ", ".join(f"{key}={str(value)[:60]!r}" for key, value in call.arguments.items())
        lines.append(f"  {call.method} -> {call.status} {outcome} ({arguments})")
    lines.append("Recent deliveries to the app:")
    for delivery in deliveries[-5:]:
        state = "acknowledged" if delivery.acknowledged else "NOT acknowledged"
        lines.append(f"  {delivery.kind} over {delivery.transport}: {state} in {delivery.latency:.3f} s")
    return "\n".join(lines)
