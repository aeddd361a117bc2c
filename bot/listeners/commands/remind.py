"""`/hiring remind [WORKSHOP]`: nudge everyone who has not answered yet."""

from __future__ import annotations

from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, workshop_number
from bot.listeners.commands.targets import target
from bot.workflows.reminders import remind_now


def remind(call: Invocation) -> None:
    call.ack()
    workshop, admin = target(call, "remind people in")
    reminded = remind_now(
        call.client, call.session, call.workshops, workshop, by_user=call.command.user_id, is_admin=admin
    )
    who = ", ".join(f"<@{u}>" for u in reminded) or "nobody: everyone has answered or declined"
    call.tell(f"Reminded {who}.")


SUBCOMMAND = Subcommand(
    name="remind",
    arguments="[WORKSHOP]",
    hint="",
    summary="Nudge everyone who has not answered yet.",
    parse=workshop_number,
    handle=remind,
)
