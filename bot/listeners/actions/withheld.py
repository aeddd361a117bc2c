"""The facilitator's choices for a round held back for too few answers: more time, or a reminder."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.common import slack_date
from bot.blocks.notice import notice
from bot.delivery.pacing import post_message
from bot.edge.payloads import BlockAction
from bot.edge.units import unit_of_work
from bot.workflows.admins import acts_as_admin
from bot.workflows.reminders import remind_now, reminded_text
from bot.workflows.withheld import extend


def extend_deadline(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action = BlockAction.parse(body)
        workshop = workshops.get(action.team.id if action.team else "", action.action.workshop_id())
        user = action.user.id
        admin = acts_as_admin(client, workshop, user)
        round = extend(session, workshops, workshop, by_user=user, is_admin=admin)
        workshop = workshops.refreshed(workshop)
        deadline = workshop.deadline if round == 1 else workshop.round2_deadline
        closes = slack_date(deadline or workshops.scope.now())
        text = f"Round {round} of workshop #{workshop.id} now closes {closes}."
        post_message(client, user, notice(text))


def remind_unfinished(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action = BlockAction.parse(body)
        workshop = workshops.get(action.team.id if action.team else "", action.action.workshop_id())
        user = action.user.id
        admin = acts_as_admin(client, workshop, user)
        outcome = remind_now(client, session, workshops, workshop, by_user=user, is_admin=admin)
        post_message(client, user, notice(reminded_text(outcome)))
