"""A DM for someone whose closed form could not be stored: what went wrong, and their own words
back, so nothing they wrote is lost."""

from __future__ import annotations

from collections.abc import Mapping

from bot.blocks.common import Message, chunk_lines, pack, section
from flows.engine.text import escape
from flows.schema import Flow


def unsaved_dm(workshop_id: int, flow: Flow, texts: Mapping[str, str]) -> list[Message]:
    """`texts` are the person's own free texts by question id; only they receive this."""
    lines = [
        f"Your answers to workshop #{workshop_id} were not saved when you closed the form: the database "
        "refused them just now. Open the form again to answer; here is what you wrote, to copy back."
    ]
    for question_id, text in texts.items():
        lines.append(f"*{escape(flow.question(question_id).text)}*\n> {escape(text)}")
    blocks = [section(chunk) for chunk in chunk_lines(lines)]
    return pack(blocks, text=f"Your answers to workshop #{workshop_id} were not saved.")
