"""`/hiring cancel [WORKSHOP]`: stop a workshop; nothing more is asked of anyone."""

from __future__ import annotations

from bot.blocks.notice import notice
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, workshop_number
from bot.listeners.commands.targets import target
from bot.workflows.announcement import count_changed
from bot.workflows.home import refresh_homes


def cancel(call: Invocation) -> None:
    call.ack()
    workshop, admin = target(call, "cancel")
    user_id = call.command.user_id
    call.workshops.cancel(call.command.team_id, workshop.id, by_user=user_id, is_admin=admin)
    count_changed(call.session, call.workshops, workshop)
    call.session.commit()
    text = f"Workshop #{workshop.id} was cancelled by <@{user_id}>. Nothing more will be asked."
    call.client.chat_postMessage(channel=workshop.channel_id, **notice(text).to_dict())
    people = [p.user_id for p in call.workshops.participants(workshop.id)]
    refresh_homes(
        call.client, call.session, call.workshops, call.command.team_id, [*people, workshop.facilitator_id]
    )


SUBCOMMAND = Subcommand(
    name="cancel",
    arguments="[WORKSHOP]",
    hint="",
    summary="Cancel a workshop in this channel.",
    parse=workshop_number,
    handle=cancel,
)
