"""The facilitator's App Home buttons: close the open round, remind those who have not answered,
export the decision record, and the recommendation's link (a link button, whose click Slack still
reports and which only needs an ack).

They act as `/hiring close`, `/hiring remind` and `/hiring export` do, with the same permission
check: the facilitator, or a workspace admin."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.error import error_message
from bot.blocks.notice import notice
from bot.delivery.pacing import post_message
from bot.edge.payloads import BlockAction
from bot.edge.units import unit_of_work
from bot.process.runtime import Runtime
from bot.services.guards import require_facilitator
from bot.services.workshops import WorkshopService
from bot.workflows.admins import acts_as_admin
from bot.workflows.export import send_record
from bot.workflows.home import refresh_homes
from bot.workflows.reminders import remind_now, reminded_text
from bot.workflows.rounds import close_and_publish
from flows.errors import WorkshopError
from storage.models import Workshop


def close_round(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    with unit_of_work(context) as (session, workshops):
        ack()
        action, workshop, admin = _target(body, client, workshops)
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
        action, workshop, admin = _target(body, client, workshops)
        reminded = remind_now(client, session, workshops, workshop, by_user=action.user.id, is_admin=admin)
        post_message(client, action.user.id, notice(f"Workshop #{workshop.id}: {reminded_text(reminded)}"))


def export_record(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, runtime: Runtime
) -> None:
    """As `/hiring export`: the record's three files in the DM of whoever pressed it."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action, workshop, admin = _target(body, client, workshops)
        user_id = action.user.id
        require_facilitator(workshop, user_id, admin, "export")

        def tell(error: WorkshopError) -> None:
            post_message(client, user_id, error_message(error.problem, error.fix))

        send_record(client, runtime, workshop.team_id, workshop.id, user_id, done=lambda _: None, tell=tell)


def view_recommendation(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Slack opens the link itself; a button that names no workshop of this team is told so."""
    with unit_of_work(context) as (_, workshops):
        ack()
        action = BlockAction.parse(body)
        workshops.get(action.team.id if action.team else "", action.action.workshop_id())


def _target(
    body: dict[str, Any], client: WebClient, workshops: WorkshopService
) -> tuple[BlockAction, Workshop, bool]:
    action = BlockAction.parse(body)
    team_id = action.team.id if action.team else ""
    workshop = workshops.get(team_id, action.action.workshop_id())
    user_id = action.user.id
    return action, workshop, acts_as_admin(client, workshop, user_id)
