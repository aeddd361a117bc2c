"""The facilitator's private preview of the recommendation, with "Post to channel" and "Not yet",
and what it becomes once they choose."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.blocks.common import Message, context, section
from bot.blocks.ids import ActionId, BlockId

PREVIEW_NOTE = (
    "Only you see this. Nothing is in <#{channel}> yet: the post, its chart and the evidence in its "
    "thread go out when you press *Post to channel*."
)


def preview_message(verdict: Message, workshop_id: int, channel_id: str, *, held: bool = False) -> Message:
    """The channel post as it will read, then a note and the two buttons. `held`: "Not yet" pressed."""
    note = PREVIEW_NOTE.format(channel=channel_id)
    if held:
        note += " You chose *Not yet*: I will remind you in 24 hours."
    blocks: list[Block] = [
        section(f"*Preview of workshop #{workshop_id}'s recommendation*"),
        *verdict.blocks,
        context(note),
        _choices(workshop_id),
    ]
    return Message(text=f"Preview (only you see it): {verdict.text}", blocks=blocks)


def preview_posted(verdict: Message, workshop_id: int, channel_id: str) -> Message:
    """The preview once posted: the same verdict, the buttons gone."""
    blocks: list[Block] = [
        section(f"*Workshop #{workshop_id}'s recommendation*"),
        *verdict.blocks,
        context(f":white_check_mark: Posted to <#{channel_id}>, with its chart and evidence in the thread."),
    ]
    return Message(text=f"Posted to the channel: {verdict.text}", blocks=blocks)


def preview_reminder(workshop_id: int, channel_id: str) -> Message:
    text = (
        f"Workshop #{workshop_id}'s recommendation is still waiting for you: nothing is in <#{channel_id}> "
        "yet. Post it when the team should see it."
    )
    return Message(
        text=f"Workshop #{workshop_id}: the recommendation is waiting for you.",
        blocks=[
            section(text),
            _choices(workshop_id),
        ],
    )


def _choices(workshop_id: int) -> ActionsBlock:
    """**Post to channel** and **Not yet**: the same two buttons on the preview and its reminder."""
    return ActionsBlock(
        block_id=BlockId.PREVIEW_ACTIONS,
        elements=[
            ButtonElement(
                text="Post to channel",
                action_id=ActionId.PREVIEW_POST,
                value=str(workshop_id),
                style="primary",
            ),
            ButtonElement(text="Not yet", action_id=ActionId.PREVIEW_HOLD, value=str(workshop_id)),
        ],
    )
