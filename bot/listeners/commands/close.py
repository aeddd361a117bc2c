"""`/hiring close [WORKSHOP]`: close the current round now instead of at its deadline."""

from __future__ import annotations

from bot.edge.units import reply_after_commit
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Guard, Subcommand, workshop_number
from bot.listeners.commands.targets import checked_workshop, running_workshop
from bot.workflows.rounds import close_and_publish
from bot.workflows.withheld import Held


def close(call: Invocation) -> None:
    call.ack()
    workshop, admin = checked_workshop(call)
    outcome = close_and_publish(
        call.client, call.session, call.workshops, workshop, by_user=call.command.user_id, is_admin=admin
    )
    if outcome is None:
        text = f"Workshop #{workshop.id} has no answering round open to close."
    elif isinstance(outcome, Held):
        text = (
            f"Round {outcome.round} of workshop #{workshop.id} stays open: too few have answered to keep "
            "their answers anonymous. Your DM has the choices: more time, or a reminder."
        )
    else:
        text = f"Closed round {outcome.round_closed} of workshop #{workshop.id}."
    reply_after_commit(call.session, lambda: call.tell(text))


SUBCOMMAND = Subcommand(
    name="close",
    arguments="[WORKSHOP]",
    hint="",
    summary="Close the current round now instead of waiting for the deadline.",
    parse=workshop_number,
    handle=close,
    guard=Guard("close", running_workshop("close")),
)
