"""Workspace-wide buttons: start a workshop from App Home, erase the workspace's data."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.home_start import pick_channel_modal
from bot.edge.payloads import BlockAction
from bot.edge.units import reply_after_commit, told_after_ack, unit_of_work
from bot.workflows.admins import is_workspace_admin
from flows.errors import NotAllowed
from storage.erasure import clear_from_disk, erase_workspace

log = logging.getLogger(__name__)


def open_start_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """App Home has no channel: ask for one first, then the usual start form follows."""
    ack()
    with told_after_ack(context):
        action = BlockAction.parse(body)
        client.views_open(trigger_id=action.trigger_id, view=pick_channel_modal())


def confirm_delete(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    with unit_of_work(context) as (session, _):
        ack()
        action = BlockAction.parse(body)
        team_id = action.team.id if action.team else ""
        if action.action.value != team_id or not is_workspace_admin(client, action.user.id):
            raise NotAllowed("Only a workspace admin of this workspace can erase its workshops.")
        erased = erase_workspace(session, team_id)
        # With its installation gone the app cannot act here any more, so say how to bring it back.
        again = " To use Hiring Workshop here again, install it again." if erased.installations else ""
        reply_after_commit(session, lambda: _clear_from_disk(session))
        reply_after_commit(
            session, lambda: respond(text=f"Erased {erased.describe()}.{again}", replace_original=True)
        )


def _clear_from_disk(session: Session) -> None:
    if not clear_from_disk(session):
        log.warning(
            "The erased workspace's rows are still in SQLite's write-ahead log until its next checkpoint"
        )
