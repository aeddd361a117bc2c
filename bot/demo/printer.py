"""The channel as a person reads it in Slack, rendered for a terminal: mentions as @Names, dates as
their fallback, links as their words, no mrkdwn markers or entities, thread replies indented."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TextIO

from bot.sandbox import Sandbox, SandboxMisuse
from bot.sandbox.model import Ephemeral, Message

INDENT = "  "
QUOTE = "│ "
THREAD_INDENT = "      "
# Slack's angle-bracket entities: <@U1>, <@U1|name>, <#C1|name>, <!here>, <!date^…|fallback>, <url|words>.
ENTITY = re.compile(r"<(?P<body>[^<>\n]+)>")
BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w])_(?=\S)([^_\n]*?\S)_(?!\w)")
STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")
CODE = re.compile(r"`([^`\n]+)`")
EMOJI = {
    ":warning:": "⚠️",
    ":white_check_mark:": "✅",
    ":no_entry_sign:": "🚫",
    ":hourglass_flowing_sand:": "⏳",
}


def render(text: str, name_of: Callable[[str], str], channel_of: Callable[[str], str]) -> str:
    """`text` (Slack mrkdwn, as the app sent it) as it reads on screen."""

    def entity(match: re.Match[str]) -> str:
        body = match["body"]
        target, _, words = body.partition("|")
        if target.startswith("@"):
            return f"@{name_of(target[1:])}"
        if target.startswith("#"):
            return f"#{words or channel_of(target[1:])}"
        if target.startswith("!date^"):
            return words  # Slack shows the date in the reader's zone; the fallback is what we have
        if target.startswith("!subteam^"):
            return words
        if target.startswith("!"):
            return f"@{target[1:]}"
        return words or target

    # A quote marker is a real ">" at the start of a line; a typed one arrives escaped as "&gt;".
    shown = "\n".join(QUOTE + line[2:] if line.startswith("> ") else line for line in text.splitlines())
    shown = ENTITY.sub(entity, shown)
    shown = CODE.sub(r"\1", shown)
    for marker in (BOLD, ITALIC, STRIKE):
        shown = marker.sub(r"\1", shown)
    for code, symbol in EMOJI.items():
        shown = shown.replace(code, symbol)
    # Last: an escaped "&lt;@U1&gt;" typed by a person is text, never a mention.
    return html.unescape(shown)


class ChannelPrinter:
    """Prints what is new in one channel since the last call, as the channel's members see it."""

    def __init__(self, sandbox: Sandbox, team_id: str, channel_id: str, out: TextIO) -> None:
        self._sandbox = sandbox
        self._team_id = team_id
        self._channel_id = channel_id
        self._out = out
        self._seen: set[str] = set()
        self._seen_ephemeral: set[str] = set()
        self._seen_direct: set[tuple[str, str]] = set()

    def line(self, text: str = "") -> None:
        print(text, file=self._out, flush=True)

    def new_messages(self) -> int:
        """Print the messages posted since the last call (replies under a thread marker)."""
        fresh = [m for m in self._sandbox.messages(self._channel_id) if m.ts not in self._seen]
        for message in fresh:
            self._seen.add(message.ts)
            self._print_message(message)
        return len(fresh)

    def new_ephemerals(self, user_id: str) -> int:
        """Print the messages only `user_id` sees in the channel (command replies), new since last time."""
        person = self._sandbox.user(self._team_id, user_id)
        fresh = [e for e in person.ephemerals(self._channel_id) if e.ts not in self._seen_ephemeral]
        for ephemeral in fresh:
            self._seen_ephemeral.add(ephemeral.ts)
            self._print_ephemeral(ephemeral, self.name_of(user_id))
        return len(fresh)

    def new_direct_messages(self, user_id: str, starting: str) -> int:
        """Print the app's new direct messages to `user_id` whose text starts with `starting`."""
        person = self._sandbox.user(self._team_id, user_id)
        fresh = [
            m
            for m in person.dm()
            if (m.channel_id, m.ts) not in self._seen_direct and m.text.startswith(starting)
        ]
        reader = self.name_of(user_id)
        for message in fresh:
            self._seen_direct.add((message.channel_id, message.ts))
            self.line(f"Direct message · only {reader} sees this")
            self._print_body(render(message.readable_text(), self.name_of, self.channel_name), INDENT)
            self.line()
        return len(fresh)

    def name_of(self, user_id: str) -> str:
        try:
            user = self._sandbox.user(self._team_id, user_id).user
        except SandboxMisuse:
            return "unknown person"
        return user.display_name or user.real_name

    def channel_name(self, channel_id: str) -> str:
        with self._sandbox.workspace.lock:
            channel = self._sandbox.workspace.channels.get(channel_id)
            return channel.name if channel else "unknown-channel"

    def _print_message(self, message: Message) -> None:
        author = self.name_of(message.user)
        body = render(message.readable_text(), self.name_of, self.channel_name)
        # A file carries its meaning in its alt text, which is what a screen reader would say.
        shown = [
            f"[{f.extension.upper() or 'file'}: {f.title or f.name}] {f.alt_txt or ''}" for f in message.files
        ]
        body = "\n".join(part for part in (body, *shown) if part.strip())
        in_thread = message.thread_ts is not None and message.thread_ts != message.ts
        if in_thread:
            self.line(f"{INDENT}  ↳ {author}, in the thread:")
            self._print_body(body, THREAD_INDENT)
        else:
            self.line(f"#{self.channel_name(self._channel_id)} · {author}")
            self._print_body(body, INDENT)
        self.line()

    def _print_ephemeral(self, ephemeral: Ephemeral, reader: str) -> None:
        self.line(f"#{self.channel_name(self._channel_id)} · only {reader} sees this")
        self._print_body(render(ephemeral.readable_text(), self.name_of, self.channel_name), INDENT)
        self.line()

    def _print_body(self, body: str, indent: str) -> None:
        for text in body.splitlines():
            self.line(f"{indent}{text}" if text.strip() else "")
