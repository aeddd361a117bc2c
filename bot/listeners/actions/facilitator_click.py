"""A click on one of the facilitator's own buttons, parsed once, with its workshop."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.edge.payloads import BlockAction
from bot.services.guards import require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.admins import acts_as_admin
from storage.models import Workshop


def facilitator_click(
    body: dict[str, Any], client: WebClient, workshops: WorkshopService, doing: str
) -> tuple[BlockAction, Workshop]:
    """The click and its workshop, once the clicker is its facilitator or a workspace admin; anyone
    else is refused with what they tried `doing` ("post", "settle")."""
    action = BlockAction.parse(body)
    team_id = action.team.id if action.team else ""
    workshop = workshops.get(team_id, action.action.workshop_id())
    user = action.user.id
    require_facilitator(workshop, user, acts_as_admin(client, workshop, user), doing)
    return action, workshop
