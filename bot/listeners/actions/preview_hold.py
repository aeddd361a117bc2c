""" "Not yet" on the facilitator's preview: nothing goes to the channel; a reminder in 24 hours."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.preview import preview_message
from bot.edge.units import reply_after_commit, unit_of_work
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.workflows.preview import hold
from bot.workflows.summary import messages_for


def hold_preview(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        if workshop.preview_approved_at is not None:
            return  # already posted: the preview DM says so
        hold(session, workshops, workshop)
        where = action.container
        if where.channel_id and where.message_ts:
            verdict = messages_for(workshops, workshop)[0]
            held = preview_message(verdict, workshop.id, workshop.channel_id, held=True).to_dict()
            channel, ts = where.channel_id, where.message_ts
            reply_after_commit(session, lambda: client.chat_update(channel=channel, ts=ts, **held))
