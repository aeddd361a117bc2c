"""Starting from App Home: first, which channel the workshop runs in."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ConversationFilter, ConversationSelectElement, InputBlock
from slack_sdk.models.views import View

from bot.blocks.common import context
from bot.blocks.ids import ActionId, BlockId, CallbackId


def pick_channel_modal() -> View:
    return View(
        type="modal",
        callback_id=CallbackId.START_CHANNEL,
        title="Start a workshop",
        submit="Next",
        close="Cancel",
        blocks=[
            InputBlock(
                block_id=BlockId.CHANNEL,
                label="Where should the team see the workshop and its result?",
                element=ConversationSelectElement(
                    action_id=ActionId.CHANNEL,
                    placeholder="Pick a channel",
                    filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
                ),
            ),
            context("The app must be a member of the channel: `/invite @Hiring Workshop` there first."),
        ],
    )


def picked_channel(values: dict[str, Any]) -> str | None:
    return (values.get(BlockId.CHANNEL, {}).get(ActionId.CHANNEL) or {}).get("selected_conversation")
