""" "Post to channel" on the facilitator's preview: the recommendation goes to the channel, once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.notice import revisit_prompt
from bot.delivery.pacing import post_message
from bot.edge.units import unit_of_work
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.workflows.preview import approve, posted_preview
from flows.errors import WrongState
from storage.models import WorkshopStatus


def post_preview(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        user = action.user.id
        if workshop.status is not WorkshopStatus.DECIDED:
            raise WrongState(
                f"Workshop #{workshop.id} has no recommendation to post.",
                "`/hiring status` shows where it stands.",
            )
        first = approve(client, session, workshops, workshop, user)
        where = action.container
        if where.channel_id and where.message_ts:
            client.chat_update(
                channel=where.channel_id, ts=where.message_ts, **posted_preview(workshops, workshop).to_dict()
            )
        if first:
            post_message(client, user, revisit_prompt(workshop.id, workshop.channel_id))
