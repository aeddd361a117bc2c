"""A round that would close with too few answers to keep them anonymous: it stays open, the channel
is told in one sentence, and the facilitator is offered more time or a reminder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.withheld import EXTENSION_DAYS, withheld_choices, withheld_notice
from bot.delivery.pacing import post_message
from bot.services.guards import ANSWERING_STATUS
from bot.services.rounds import RoundService
from bot.services.workshops import WorkshopService
from bot.workflows.planning import plan_extension
from storage.models import Workshop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Held:
    """The round `round` of `workshop` was not closed: too few answered."""

    workshop: Workshop
    round: int


def open_round(workshop: Workshop) -> int:
    return next((r for r, status in ANSWERING_STATUS.items() if status is workshop.status), 1)


def hold_back(client: WebClient, workshop: Workshop, round: int) -> None:
    """Tell the channel (one sentence, no counts) and offer the facilitator their choices."""
    for channel, message in (
        (workshop.channel_id, withheld_notice(workshop.id)),
        (workshop.facilitator_id, withheld_choices(workshop.id, round)),
    ):
        try:
            post_message(client, channel, message)
        except SlackApiError as error:
            log.warning("A held-back round's notice was not posted: %s", error.response.get("error"))


def extend(
    session: Session, workshops: WorkshopService, workshop: Workshop, *, by_user: str, is_admin: bool = False
) -> int:
    """Give the open round `EXTENSION_DAYS` more from now or from its deadline, whichever is later."""
    deadline = workshop.round2_deadline if open_round(workshop) == 2 else workshop.deadline
    start = max(workshops.scope.now(), deadline or workshops.scope.now())
    round = RoundService(workshops.scope).extend_deadline(
        workshop.team_id,
        workshop.id,
        start + timedelta(days=EXTENSION_DAYS),
        by_user=by_user,
        is_admin=is_admin,
    )
    session.commit()
    plan_extension(session, workshops.refreshed(workshop), round)
    return round
