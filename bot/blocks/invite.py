"""The invitation DM, and the versions it is updated to once the person answers or declines."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject

from bot.blocks.announcement import anonymity_line
from bot.blocks.common import Message, context, escape, mention, section, slack_date
from bot.blocks.viewmodels import Outcome, ParticipantView, WorkshopView
from bot.ids import ActionId, BlockId
from flows.schema import ROLES


def invite_dm(workshop: WorkshopView, participant: ParticipantView) -> Message:
    value = str(workshop.id)
    buttons = ActionsBlock(
        block_id=BlockId.INVITE_ACTIONS,
        elements=[
            ButtonElement(text="Answer now", action_id=ActionId.ANSWER_NOW, value=value, style="primary"),
            ButtonElement(
                text="Decline",
                action_id=ActionId.DECLINE,
                value=value,
                confirm=ConfirmObject(
                    title="Decline this workshop?",
                    text="The facilitator will see that you declined. You cannot answer afterwards.",
                    confirm="Decline",
                    deny="Keep my invitation",
                ),
            ),
        ],
    )
    return Message(
        text=f"You are invited to a hiring workshop: {escape(workshop.flow.decision)}",
        blocks=[*_details(workshop, participant), buttons],
    )


def invite_dm_done(workshop: WorkshopView, participant: ParticipantView, outcome: Outcome) -> Message:
    """The invitation, updated in place: no more Decline once answered, no buttons once declined."""
    blocks = _details(workshop, participant)
    if outcome == "declined":
        blocks.append(section(":no_entry_sign: You declined this workshop."))
        return Message(text="You declined this hiring workshop.", blocks=blocks)
    blocks.append(
        section(
            ":white_check_mark: Your answers are in. You can change them until "
            f"{slack_date(workshop.deadline)}."
        )
    )
    blocks.append(
        ActionsBlock(
            block_id=BlockId.INVITE_ACTIONS,
            elements=[
                ButtonElement(text="Change my answers", action_id=ActionId.ANSWER_NOW, value=str(workshop.id))
            ],
        )
    )
    return Message(text="Your answers to the hiring workshop are in.", blocks=blocks)


def _details(workshop: WorkshopView, participant: ParticipantView) -> list[Block]:
    flow = workshop.flow
    role = ROLES.get(participant.role, ROLES["other"])
    return [
        section(
            f"{mention(workshop.facilitator_id)} invites you to a hiring workshop in "
            f"<#{workshop.channel_id}>.\n"
            f"*The decision:* {escape(flow.decision)}"
        ),
        section(
            f"*Built from:* “{escape(flow.source.title)}”\n"
            f"*Takes about:* {flow.estimated_minutes} minutes\n"
            f"*Answers due:* {slack_date(workshop.deadline)}\n"
            f"*Your role:* {escape(role)}"
        ),
        context(anonymity_line(workshop.anonymous)),
    ]
