"""The invitations' DMs and the App Homes that show a workshop, brought up to date after a change.

Written as a follow-up in the transaction of the change (`Outbox.follow_up`), so they are refreshed
once it has committed, by the courier, and a crash in between leaves the refresh due rather than lost.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from bot.delivery.outbox import Outbox, post_key
from bot.services.scheduling import ItemKind
from bot.services.workshops import WorkshopService
from storage.models import Workshop


def refresh_surfaces(
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    change: str | None = None,
    *,
    after: str | None = None,
    people: list[str] | None = None,
) -> None:
    """Refresh what shows `workshop` once this transaction commits (and the post keyed `after`, if
    any, has gone out): the App Homes of `people`, or of everyone in it. `change` names a change
    that may be written more than once and needs one refresh; without it, each call refreshes."""
    payload: dict[str, object] = {}
    if after is not None:
        payload["after"] = after
    if people is not None:
        payload["people"] = people
    name = change if change is not None else uuid.uuid4().hex
    Outbox(session, workshops.scope.now).follow_up(
        workshop, ItemKind.SURFACES, post_key(workshop, f"surfaces-{name}"), payload
    )
