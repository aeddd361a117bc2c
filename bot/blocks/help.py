"""`/hiring help`: what the app does and every subcommand, as the registry lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import HeaderBlock

from bot.blocks.common import Message, context, section


@dataclass(frozen=True)
class HelpLine:
    usage: str  # "/hiring close [WORKSHOP]"
    summary: str


ABOUT = (
    "This app runs a hiring-decision workshop for a leadership team, right here in Slack. "
    "Pick a guided flow built from a source document, invite the stakeholders, and each answers its "
    "questions privately in a direct message. The app finds where you disagree, runs a short anonymous "
    "second round on just those questions, lets the facilitator settle what is still open, then posts a "
    "recommendation with its confidence and reasons, citing the document. At 3, 6, 9 or 12 months it comes "
    "back to check the hire against the document's success criteria."
)


def help_message(lines: Sequence[HelpLine]) -> Message:
    usage = "\n".join(f"`{line.usage}`  {line.summary}" for line in lines)
    takes_number = [line.usage.split()[1] for line in lines if line.usage.endswith("[WORKSHOP]")]
    blocks = [HeaderBlock(text="Hiring workshops"), section(ABOUT), section(usage)]
    if takes_number:
        named = ", ".join(f"`{name}`" for name in takes_number)
        blocks.append(context(f"{named} take a workshop number when a channel has more than one."))
    return Message(
        text="Hiring workshops: " + ", ".join(line.usage.split(" [")[0] for line in lines),
        blocks=blocks,
    )
