"""The channel post when a workshop starts. It names who is invited and never shows an answer."""

from __future__ import annotations

from slack_sdk.models.blocks import HeaderBlock

from bot.blocks.common import (
    HEADER_LIMIT,
    Message,
    clip,
    context,
    escape,
    mention,
    mentions,
    section,
    slack_date,
)
from bot.blocks.viewmodels import WorkshopView


def anonymity_line(anonymous: bool) -> str:
    if anonymous:
        return "Answers are *anonymous*: nobody, the facilitator included, sees who answered what."
    return "Answers are *named*: the facilitator can see who answered what; the channel never does."


def announcement(workshop: WorkshopView) -> Message:
    flow = workshop.flow
    return Message(
        text=f"A hiring workshop has started: {escape(flow.decision)}",
        blocks=[
            HeaderBlock(text=clip(f"Hiring workshop: {flow.title}", HEADER_LIMIT)),
            section(f"*The decision:* {escape(flow.decision)}"),
            section(
                f"*Facilitator:* {mention(workshop.facilitator_id)}\n"
                f"*Invited ({len(workshop.invitee_ids)}):* {mentions(workshop.invitee_ids)}\n"
                f"*Answers due:* {slack_date(workshop.deadline)}"
            ),
            section(
                f"{anonymity_line(workshop.anonymous)}\n"
                "Everyone answers privately in a direct message. Answers stay private until the round "
                "closes; then only the combined results are posted here."
            ),
            context(
                f"Flow “{escape(flow.title)}” (version {flow.version}), built from "
                f"“{escape(flow.source.title)}” · workshop #{workshop.id} · `/hiring status` shows progress"
            ),
        ],
    )
