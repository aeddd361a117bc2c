"""Inviting each stakeholder by DM, once: each invitation is a post in the outbox, written with the
workshop (or the reminder that sends a refused one again) and sent once that commits. A fan-out cut
short by a crash is finished by the dispatcher, never repeated; a refused invitation is told to the
facilitator at once (`bot.workflows.refusals`)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.blocks.invite import invite_dm
from bot.delivery.outbox import Outbox, post_key
from bot.services.scheduling import ItemKind
from bot.services.workshops import WorkshopService
from bot.services.workspaces import is_stopped
from bot.workflows.presenters import participant_view, workshop_view
from storage.models import Participant, Workshop

log = logging.getLogger(__name__)


def write_invitations(
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    participants: list[Participant] | None = None,
) -> int:
    """Invite, once this transaction commits, everyone neither invited, nor being invited, nor
    refused (a refusal waits for `/hiring remind`); returns how many invitations were written."""
    if is_stopped(session, workshop.team_id):
        # Uninstalled, or its token revoked: nobody is invited.
        log.info("Not inviting to workshop %s: its workspace has stopped", workshop.id)
        return 0
    outbox = Outbox(session, workshops.scope.now)
    participants = workshops.participants(workshop.id) if participants is None else participants
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    written: dict[str, int] = {}
    # Every attempt at every invitation, read once rather than once a person.
    attempts = outbox.keys_written(workshop, post_key(workshop, "invite-p"))
    for person in participants:
        if person.invite_ts is not None or person.delivery_error is not None:
            continue
        # Each attempt has a key of its own: a refused one is done with, and a reminder tries anew.
        mine = post_key(workshop, f"invite-p{person.id}-a")
        attempt = sum(1 for key in attempts if key.startswith(mine))
        if attempt and outbox.in_flight(workshop, post_key(workshop, f"invite-p{person.id}-a{attempt - 1}")):
            continue
        key = post_key(workshop, f"invite-p{person.id}-a{attempt}")
        outbox.post(
            workshop,
            key,
            person.user_id,
            invite_dm(view, participant_view(person)),
            f"the invitation of <@{person.user_id}>",
            ts_into=("participant.invite_ts", person.id),
            open_dm=True,
            if_refused="invitation",
        )
        written[key] = person.id
    if written:
        # Once each has gone or been refused, one note names everyone refused (keyed by the batch's last).
        told = post_key(workshop, f"told-{key.rsplit(':', 1)[-1]}")
        outbox.follow_up(workshop, ItemKind.INVITATIONS_TOLD, told, {"invitations": written})
    return len(written)
