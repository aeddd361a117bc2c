"""The announcement's count changed: its update is scheduled (coalesced to one a minute) in the
caller's transaction, so the count is refreshed once what changed it is committed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.services.scheduling import schedule_count_update
from bot.services.workshops import WorkshopService
from storage.models import Workshop


def count_changed(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    schedule_count_update(session, workshop, workshops.scope.now())
