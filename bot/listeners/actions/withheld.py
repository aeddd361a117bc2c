"""The facilitator's choices for a round held back for too few answers: more time, or a reminder.
Only the facilitator or a workspace admin gets here (`bot.edge.facilitator_only`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.common import slack_date
from bot.blocks.notice import notice
from bot.delivery.pacing import post_message
from bot.edge.facilitator_only import acting_as_admin
from bot.edge.units import reply_after_commit, unit_of_work
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.workflows.reminders import remind_now, reminded_text
from bot.workflows.withheld import extend


def extend_deadline(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        user = action.user.id
        round = extend(session, workshops, workshop, by_user=user, is_admin=acting_as_admin(context))
        workshop = workshops.refreshed(workshop)
        deadline = workshop.deadline if round == 1 else workshop.round2_deadline
        closes = slack_date(deadline or workshops.scope.now())
        text = f"Round {round} of workshop #{workshop.id} now closes {closes}."
        reply_after_commit(session, lambda: post_message(client, user, notice(text)))


def remind_unfinished(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        user = action.user.id
        admin = acting_as_admin(context)
        outcome = remind_now(session, workshops, workshop, by_user=user, is_admin=admin)
        text = reminded_text(outcome)
        reply_after_commit(session, lambda: post_message(client, user, notice(text)))
