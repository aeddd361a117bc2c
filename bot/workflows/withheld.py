"""A round that would close with too few answers to keep them anonymous: it stays open, the channel
is told in one sentence, and the facilitator is offered more time or a reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from bot.blocks.withheld import EXTENSION_DAYS, withheld_choices, withheld_notice
from bot.delivery.outbox import Outbox, post_key
from bot.services.guards import ANSWERING_STATUS
from bot.services.rounds import RoundService
from bot.services.workshops import WorkshopService
from bot.workflows.planning import plan_extension
from storage.models import Workshop


@dataclass(frozen=True)
class Held:
    """The round `round` of `workshop` was not closed: too few answered."""

    workshop: Workshop
    round: int


def open_round(workshop: Workshop) -> int:
    return next((r for r, status in ANSWERING_STATUS.items() if status is workshop.status), 1)


def hold_back(session: Session, workshops: WorkshopService, workshop: Workshop, round: int) -> None:
    """Tell the channel (one sentence, no counts) and offer the facilitator their choices, once this
    transaction commits."""
    outbox = Outbox(session, workshops.scope.now)
    # Each holding back is told: the n-th of this round has keys of its own.
    held = outbox.count_written(workshop, post_key(workshop, f"held-r{round}-")) // 2
    outbox.post(
        workshop,
        post_key(workshop, f"held-r{round}-{held}-channel"),
        workshop.channel_id,
        withheld_notice(workshop.id),
        "the note that the round stays open",
    )
    outbox.post(
        workshop,
        post_key(workshop, f"held-r{round}-{held}-choices"),
        workshop.facilitator_id,
        withheld_choices(workshop.id, round),
        "your choices for a round that stays open",
    )


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
    plan_extension(session, workshops.refreshed(workshop), round)
    return round
