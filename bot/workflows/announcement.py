"""The announcement's count changed: its update is scheduled (coalesced to one a minute) in the
caller's transaction, so the count is refreshed once what changed it is committed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.models import Workshop
from storage.scheduling import schedule_count_update
from storage.service import WorkshopService


def count_changed(session: Session, workshops: WorkshopService, workshop: Workshop) -> None:
    schedule_count_update(session, workshop, workshops.now())
