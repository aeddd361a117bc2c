"""App Home: rebuilt from the database each time its owner opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.edge.payloads import AppHomeOpened
from bot.edge.units import unit_of_work
from bot.workflows.home import publish_home


def app_home_opened(
    ack: Ack, body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    with unit_of_work(context) as (_, workshops):
        ack()
        opened = AppHomeOpened.parse(event)
        if opened.tab != "home":
            return
        publish_home(client, workshops, context.team_id or body.get("team_id", ""), opened.user)
