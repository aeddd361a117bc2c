"""The invitation DM, and the versions it is updated to once the person answers or declines."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject

from bot.blocks.announcement import SAFE_LINK, anonymity_line
from bot.blocks.common import Message, context, mention, section, slack_date
from bot.blocks.ids import ActionId, BlockId
from bot.blocks.viewmodels import Outcome, ParticipantView, WorkshopView
from flows.engine.text import escape
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


def invite_dm_closed(
    workshop: WorkshopView,
    participant: ParticipantView,
    round: int,
    took_part: bool,
    recommendation_link: str | None = None,
) -> Message:
    """The invitation (or round-2 message) once its round has closed: nothing left to click, and
    once the recommendation is posted, where to read it."""
    if took_part:
        line = f":lock: Round {round} is closed; thank you."
    else:
        line = f":lock: Round {round} is closed; answers can no longer be given."
    blocks = [*_details(workshop, participant, deadline=False), section(line)]
    if recommendation_link and SAFE_LINK.match(recommendation_link):
        blocks.append(
            section(f"The recommendation is posted: <{recommendation_link}|read it in the channel>.")
        )
    elif recommendation_link:
        blocks.append(section(f"The recommendation is posted in <#{workshop.channel_id}>."))
    return Message(text=f"Round {round} of the hiring workshop is closed.", blocks=blocks)


def _details(workshop: WorkshopView, participant: ParticipantView, deadline: bool = True) -> list[Block]:
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
            + (f"*Answers due:* {slack_date(workshop.deadline)}\n" if deadline else "")
            + f"*Your role:* {escape(role)}"
        ),
        context(anonymity_line(workshop.anonymous)),
    ]
