"""The admin's confirmation before a workspace's workshops are erased for good."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement, ConfirmObject

from bot.blocks.common import Message, with_button
from bot.blocks.ids import ActionId, BlockId


def delete_confirmation(team_id: str) -> Message:
    text = (
        "*Erase this workspace's hiring workshops?*\n"
        "Every workshop, answer, dispute, recommendation and check-in stored for this workspace is "
        "deleted for good (for a data-protection request). Messages already posted in Slack stay."
    )
    erase = ButtonElement(
        text="Erase everything",
        action_id=ActionId.DELETE_WORKSPACE,
        value=team_id,
        style="danger",
        confirm=ConfirmObject(
            title="Erase for good?",
            text="This cannot be undone.",
            confirm="Erase",
            deny="Keep",
            style="danger",
        ),
    )
    return with_button(text, "Erase this workspace's hiring workshops?", BlockId.DELETE_ACTIONS, erase)
