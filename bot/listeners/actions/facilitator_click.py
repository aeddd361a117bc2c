"""A click on one of the facilitator's own buttons, which carry their workshop's number as value."""

from __future__ import annotations

from typing import Any

from bot.edge.payloads import BlockAction
from bot.services.workshops import WorkshopService
from storage.models import Workshop


def facilitator_click(body: dict[str, Any], workshops: WorkshopService) -> tuple[BlockAction, Workshop]:
    """The click and its workshop. Who may click is checked before the listener runs: these buttons
    are registered with `FacilitatorOnly(clicked_workshop, ...)` (`bot.edge.facilitator_only`)."""
    action = BlockAction.parse(body)
    team_id = action.team.id if action.team else ""
    return action, workshops.get(team_id, action.action.workshop_id())


def clicked_workshop(body: dict[str, Any], workshops: WorkshopService) -> Workshop:
    return facilitator_click(body, workshops)[1]
