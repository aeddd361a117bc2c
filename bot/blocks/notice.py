"""Short notices: a line of news in a channel or a DM, and the facilitator's call to settle disputes."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement

from bot.blocks.common import Message, section, with_button
from bot.blocks.ids import ActionId, BlockId
from bot.blocks.viewmodels import WorkshopView
from flows.engine.text import escape


def notice(text: str) -> Message:
    """`text` is ours (it may mention people); anything a person wrote must be escaped by the caller."""
    return Message(text=text, blocks=[section(text)])


def facilitator_prompt(workshop: WorkshopView, open_disputes: int) -> Message:
    plural = "question is" if open_disputes == 1 else "questions are"
    text = (
        f"*Workshop #{workshop.id}: {escape(workshop.flow.title)}*\n"
        f"After round 2, {open_disputes} disputed {plural} still open. Settle each one with a rationale, "
        "or leave it open on purpose; the recommendation is posted once you finish."
    )
    return with_button(
        text,
        f"Workshop #{workshop.id}: {open_disputes} disputes need your decision.",
        BlockId.SETTLE_ACTIONS,
        ButtonElement(
            text="Settle disputes",
            action_id=ActionId.SETTLE_DISPUTES,
            value=str(workshop.id),
            style="primary",
        ),
    )


def revisit_prompt(workshop_id: int, channel_id: str) -> Message:
    text = (
        f"The recommendation for workshop #{workshop_id} is posted in <#{channel_id}>. If the team changes "
        "its mind on a question you settled, revisit it here: the summary is updated in place and its "
        "thread keeps the history."
    )
    return with_button(
        text,
        f"Workshop #{workshop_id}: recommendation posted.",
        BlockId.SETTLE_ACTIONS,
        ButtonElement(text="Revisit decisions", action_id=ActionId.SETTLE_DISPUTES, value=str(workshop_id)),
    )
