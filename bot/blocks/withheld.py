"""What a round held back for too few answers shows: one sentence in the channel, and the
facilitator's choices in a DM. Neither says how many answered, nor who."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Message, section
from bot.blocks.ids import ActionId, BlockId
from flows.engine.anonymity import WITHHELD

EXTENSION_DAYS = 2


def withheld_notice(workshop_id: int) -> Message:
    text = f"Workshop #{workshop_id}: {WITHHELD}"
    return Message(text=text, blocks=[section(text)])


def withheld_choices(workshop_id: int, round: int) -> Message:
    text = (
        f"*Workshop #{workshop_id}:* round {round} reached its end with too few answers to show without "
        "exposing who gave them, so it stays open and nothing was published. Give people more time, or "
        "remind those who have not answered; `/hiring cancel` ends the workshop instead."
    )
    buttons = ActionsBlock(
        block_id=BlockId.WITHHELD_ACTIONS,
        elements=[
            ButtonElement(
                text=f"Extend by {EXTENSION_DAYS} days",
                action_id=ActionId.EXTEND_DEADLINE,
                value=str(workshop_id),
                style="primary",
            ),
            ButtonElement(
                text="Remind who has not answered",
                action_id=ActionId.REMIND_UNFINISHED,
                value=str(workshop_id),
            ),
        ],
    )
    return Message(
        text=f"Workshop #{workshop_id}: results held back, round {round} stays open.",
        blocks=[section(text), buttons],
    )
