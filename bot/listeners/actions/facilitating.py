"""The facilitator's App Home buttons: close the open round, remind those who have not answered,
export the decision record, and the recommendation's link (a link button, whose click Slack still
reports and which only needs an ack).

They act as `/hiring close`, `/hiring remind` and `/hiring export` do, for the same people: the
facilitator, or a workspace admin, checked before they run (`bot.edge.facilitator_only`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.error import error_message
from bot.blocks.notice import notice
from bot.delivery.pacing import post_message
from bot.edge.facilitator_only import acting_as_admin
from bot.edge.payloads import BlockAction
from bot.edge.units import reply_after_commit, unit_of_work
from bot.listeners.actions.facilitator_click import facilitator_click
from bot.process.runtime import Runtime
from bot.workflows.export import send_record
from bot.workflows.home import refresh_homes
from bot.workflows.reminders import remind_now, reminded_text
from bot.workflows.rounds import close_and_publish
from flows.errors import WorkshopError


def close_round(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        admin = acting_as_admin(context)
        outcome = close_and_publish(
            client, session, workshops, workshop, by_user=action.user.id, is_admin=admin
        )
        if outcome is None:
            text = f"Workshop #{workshop.id} has no answering round open to close."
            post_message(client, action.user.id, notice(text))
            refresh_homes(client, session, workshops, workshop.team_id, [action.user.id])


def remind(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        admin = acting_as_admin(context)
        user = action.user.id
        reminded = remind_now(session, workshops, workshop, by_user=user, is_admin=admin)
        text = f"Workshop #{workshop.id}: {reminded_text(reminded)}"
        reply_after_commit(session, lambda: post_message(client, user, notice(text)))


def export_record(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, runtime: Runtime
) -> None:
    """As `/hiring export`: the record's three files in the DM of whoever pressed it."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action, workshop = facilitator_click(body, workshops)
        user_id = action.user.id

        def tell(error: WorkshopError) -> None:
            post_message(client, user_id, error_message(error.problem, error.fix))

        send_record(client, runtime, workshop.team_id, workshop.id, user_id, done=lambda _: None, tell=tell)


def view_recommendation(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Slack opens the link itself; a button that names no workshop of this team is told so."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action = BlockAction.parse(body)
        workshops.get(action.team.id if action.team else "", action.action.workshop_id())
