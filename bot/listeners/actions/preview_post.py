""" "Post to channel" on the facilitator's preview: the recommendation goes to the channel, once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.edge.units import reply_after_commit, unit_of_work
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.workflows.preview import approve, posted_preview
from bot.workflows.summary import write_revisit_prompt
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
        if approve(session, workshops, workshop):
            write_revisit_prompt(session, workshops, workshop, user)
        where = action.container
        if where.channel_id and where.message_ts:
            posted = posted_preview(workshops, workshop).to_dict()
            channel, ts = where.channel_id, where.message_ts
            reply_after_commit(session, lambda: client.chat_update(channel=channel, ts=ts, **posted))
