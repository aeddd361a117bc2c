"""Opening round 2 and the facilitator's settlement form from their buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.facilitator import facilitator_modal
from bot.blocks.metadata import FacilitatorMeta
from bot.edge.units import unit_of_work
from bot.listeners.actions.answering import open_answers
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.workflows.disputes import open_disputes, revisitable_disputes
from flows.errors import WrongState
from storage.models import WorkshopStatus

# Round 2 opens from its own DM button; the form is the same one "Continue" opens.
open_round2 = open_answers


def open_settlement(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (_, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        if workshop.status is WorkshopStatus.DECIDING:
            disputes = open_disputes(workshops, workshop)
        elif workshop.status is WorkshopStatus.DECIDED:
            disputes = revisitable_disputes(workshops, workshop)
        else:
            disputes = []
        if not disputes:
            raise WrongState(
                f"Workshop #{workshop.id} has no disputes waiting for you.",
                "Disputes reach you after round 2 closes; `/hiring status` shows where it stands.",
            )
        meta = FacilitatorMeta(workshop_id=workshop.id, team_id=workshop.team_id)
        client.views_open(
            trigger_id=action.trigger_id, view=facilitator_modal(workshops.flow_of(workshop), disputes, meta)
        )
