"""`/hiring cancel [WORKSHOP]`: stop a workshop; nothing more is asked of anyone."""

from __future__ import annotations

from bot.blocks.notice import notice
from bot.delivery.outbox import Outbox, post_key
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Guard, Subcommand, workshop_number
from bot.listeners.commands.targets import checked_workshop, running_workshop
from bot.workflows.announcement import count_changed
from bot.workflows.surfaces import refresh_surfaces


def cancel(call: Invocation) -> None:
    call.ack()
    workshop, admin = checked_workshop(call)
    user_id = call.command.user_id
    call.workshops.cancel(call.command.team_id, workshop.id, by_user=user_id, is_admin=admin)
    count_changed(call.session, call.workshops, workshop)
    text = f"Workshop #{workshop.id} was cancelled by <@{user_id}>. Nothing more will be asked."
    outbox = Outbox(call.session, call.workshops.scope.now)
    outbox.post(
        workshop, post_key(workshop, "cancelled"), workshop.channel_id, notice(text), "the cancellation"
    )
    refresh_surfaces(call.session, call.workshops, workshop, "cancelled")


SUBCOMMAND = Subcommand(
    name="cancel",
    arguments="[WORKSHOP]",
    hint="",
    summary="Cancel a workshop in this channel.",
    parse=workshop_number,
    handle=cancel,
    guard=Guard("cancel", running_workshop("cancel")),
)
