"""`/hiring delete`: a workspace admin erases this workspace's workshops, after confirming."""

from __future__ import annotations

from bot.blocks.delete import delete_confirmation
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.subcommand import Subcommand, workshop_number
from bot.workflows.admins import is_workspace_admin
from flows.errors import WorkshopError


def delete(call: Invocation) -> None:
    call.ack()
    if not is_workspace_admin(call.client, call.command.user_id):
        raise WorkshopError(
            "Only a workspace admin or owner can erase this workspace's workshops.",
            "Ask an admin to run `/hiring delete`.",
        )
    call.respond(**delete_confirmation(call.command.team_id).to_dict(), response_type="ephemeral")


SUBCOMMAND = Subcommand(
    name="delete",
    arguments="",
    summary=(
        "Workspace admins: erase every workshop, answer and check-in of this workspace, after a confirmation."
    ),
    # A number after it was accepted before and is still accepted: the erasure is workspace-wide.
    parse=workshop_number,
    handle=delete,
)
