"""`/hiring remind [WORKSHOP]`: nudge everyone who has not answered yet."""

from __future__ import annotations

from bot.edge.units import reply_after_commit
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Guard, Subcommand, workshop_number
from bot.listeners.commands.targets import checked_workshop, running_workshop
from bot.workflows.reminders import remind_now, reminded_text


def remind(call: Invocation) -> None:
    call.ack()
    workshop, admin = checked_workshop(call)
    reminded = remind_now(
        call.session, call.workshops, workshop, by_user=call.command.user_id, is_admin=admin
    )
    text = reminded_text(reminded)
    reply_after_commit(call.session, lambda: call.tell(text))


SUBCOMMAND = Subcommand(
    name="remind",
    arguments="[WORKSHOP]",
    hint="",
    summary="Nudge everyone who has not answered yet.",
    parse=workshop_number,
    handle=remind,
    guard=Guard("send reminders for", running_workshop("remind people in")),
)
