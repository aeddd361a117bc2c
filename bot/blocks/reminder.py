"""The nudge a stakeholder gets while the round is open and they have not finished."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement

from bot.blocks.common import Message, slack_date, with_button
from bot.blocks.ids import ActionId, BlockId
from bot.blocks.viewmodels import WorkshopView
from flows.engine.text import escape


def reminder_dm(workshop: WorkshopView, answered: int, total: int, late: bool = False) -> Message:
    left = total - answered
    progress = (
        f"You have answered {answered} of {total} questions; {left} to go."
        if answered
        else f"You have not started yet: {total} questions, about {workshop.flow.estimated_minutes} minutes."
    )
    lead = ":hourglass_flowing_sand: *Reminder*" + (" (sent late: the app was offline)" if late else "")
    text = (
        f"{lead}: the hiring workshop on {escape(workshop.flow.decision)} closes "
        f"{slack_date(workshop.deadline)}.\n{progress}"
    )
    return with_button(
        text,
        f"Reminder: hiring workshop #{workshop.id} closes soon. {progress}",
        BlockId.REMINDER_ACTIONS,
        ButtonElement(
            text="Continue answering", action_id=ActionId.ANSWER_NOW, value=str(workshop.id), style="primary"
        ),
    )
