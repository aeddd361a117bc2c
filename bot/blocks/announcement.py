"""The channel post when a workshop starts. It names who is invited and never shows an answer."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import HeaderBlock

from bot.blocks.common import (
    HEADER_LIMIT,
    Message,
    context,
    mention,
    mentions,
    section,
    slack_date,
)
from bot.blocks.viewmodels import Tally, WorkshopView
from flows.engine.text import clip, escape

# A link Slack gave us, as mrkdwn can carry it: nothing that could end the link or start another.
SAFE_LINK = re.compile(r"^https://[^\s<>|]+$")

# How the count reads once answering is over, by workshop state.
AFTER_ANSWERING = {
    "deciding": "Answering has closed; the facilitator is settling what is still disputed.",
    "decided": "Finished: the recommendation is posted in this channel.",
    "cancelled": "This workshop was cancelled.",
}
NOT_POSTED_YET = "Answering has closed; the recommendation is not posted here yet."


def anonymity_line(anonymous: bool) -> str:
    if anonymous:
        return "Answers are *anonymous*: nobody, the facilitator included, sees who answered what."
    return "Answers are *named*: the facilitator can see who answered what; the channel never does."


def count_line(workshop: WorkshopView, tally: Tally, link: str | None = None, *, posted: bool = True) -> str:
    """ "3 of 5 have answered · due Thu 14:00": numbers only, so it is safe in an anonymous workshop.
    `link`: the posted recommendation's, once there is one. `posted`: False while a decided
    workshop's recommendation waits in the facilitator's preview, so the channel is not told it is
    there."""
    if workshop.state == "decided" and not posted:
        return NOT_POSTED_YET
    if workshop.state == "decided" and link and SAFE_LINK.match(link):
        return f"Finished: <{link}|the recommendation> is posted in this channel."
    if workshop.state in AFTER_ANSWERING:
        return AFTER_ANSWERING[workshop.state]
    taking_part = tally.invited - tally.declined
    declined = f" · {tally.declined} declined" if tally.declined else ""
    due = slack_date(workshop.deadline, "{date_short_pretty} {time}")
    if workshop.state == "round2":
        return (
            f"*Round 2:* {tally.answered} of {taking_part} have reviewed the disputed questions · due {due}"
        )
    return f"*{tally.answered} of {taking_part} have answered*{declined} · due {due}"


def announcement(
    workshop: WorkshopView, tally: Tally | None = None, link: str | None = None, *, posted: bool = True
) -> Message:
    """The channel post; with `tally`, kept up to date in place with the live count."""
    flow = workshop.flow
    counted = [section(count_line(workshop, tally, link, posted=posted))] if tally is not None else []
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
            *counted,
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
