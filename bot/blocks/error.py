"""Ephemeral messages for a known problem: what went wrong, then how to fix it."""

from __future__ import annotations

import re

from slack_sdk.models.views import View

from bot.blocks.common import Message, section
from flows.engine.text import escape

# Our own messages point at people and channels (<@U…>, <#C…>); anything else that looks like
# markup may be what a person typed (a flow id, a subcommand), so it stays inert.
_ID_MENTION = re.compile(r"&lt;([@#][UWCG][A-Z0-9_]{2,20})&gt;")


def error_message(problem: str, fix: str | None = None) -> Message:
    body = _restore_mentions(f":warning: {escape(problem)}" + (f"\n{escape(fix)}" if fix else ""))
    return Message(text=body.replace("\n", " "), blocks=[section(body)])


def _restore_mentions(text: str) -> str:
    return _ID_MENTION.sub(r"<\1>", text)


def error_view(message: Message) -> View:
    """A form's content replaced by the problem, for an error found while submitting it."""
    return View(type="modal", title="Something needs fixing", close="Close", blocks=list(message.blocks))
