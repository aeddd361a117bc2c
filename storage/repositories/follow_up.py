"""Work scheduled after a workshop: jobs and check-ins, stopped together when a workshop ends early."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.models import CheckIn, CheckInStatus, ScheduledItem, ScheduledState


class FollowUpRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cancel_for_workshop(self, workshop_id: int) -> None:
        """Stop everything still waiting to run; what already ran stays as its record."""
        self.session.execute(
            update(ScheduledItem)
            .where(ScheduledItem.workshop_id == workshop_id, ScheduledItem.state == ScheduledState.PENDING)
            .values(state=ScheduledState.CANCELLED)
            .execution_options(synchronize_session=False)
        )
        self.session.execute(
            update(CheckIn)
            .where(CheckIn.workshop_id == workshop_id, CheckIn.status == CheckInStatus.SCHEDULED)
            .values(status=CheckInStatus.CANCELLED)
            .execution_options(synchronize_session=False)
        )
