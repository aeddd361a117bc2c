"""The app leaves a workspace: uninstalled, or its bot token revoked. All work for the workspace
stops (what is scheduled is cancelled; a fan-out in flight checks the standing before each person)
and every record stays until an admin erases the workspace with `/hiring delete` or
`hiring-workshop workspace delete`. Installing again starts work again (see `bot.oauth`)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.edge.payloads import EventEnvelope, TokensRevoked
from bot.edge.units import reply_after_commit, unit_of_work
from bot.process.runtime import Runtime
from bot.services.workspaces import record_tokens_revoked, record_uninstalled

log = logging.getLogger(__name__)


def app_uninstalled(ack: Ack, body: dict[str, Any], runtime: Runtime, context: BoltContext) -> None:
    with unit_of_work(context) as (session, _):
        ack()
        team_id = EventEnvelope.parse(body).team_id
        cancelled = record_uninstalled(session, team_id, runtime.clock.now())
        reply_after_commit(
            session,
            lambda: log.info(
                "Uninstalled from %s: stopped, %d scheduled item(s) cancelled", team_id, cancelled
            ),
        )


def tokens_revoked(
    ack: Ack, body: dict[str, Any], event: dict[str, Any], runtime: Runtime, context: BoltContext
) -> None:
    with unit_of_work(context) as (session, _):
        ack()
        team_id = EventEnvelope.parse(body).team_id
        if not TokensRevoked.parse(event).tokens.bot:
            return  # only people's user tokens went; the app asks for none, and its bot token still works
        cancelled = record_tokens_revoked(session, team_id, runtime.clock.now())
        reply_after_commit(
            session,
            lambda: log.info(
                "Bot token revoked in %s: stopped, %d scheduled item(s) cancelled", team_id, cancelled
            ),
        )
