"""At most one reminder per person per cooldown, whoever sends it (`/hiring remind`, a nudge, a
button): the reminder is claimed with a conditional UPDATE in the transaction that writes it to the
outbox, so of two racing senders one claims and the other finds the person reminded."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.models import Participant


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, participant_id: int, now: datetime, cooldown: timedelta) -> bool:
        """Mark the person reminded `now`, unless they were within `cooldown`; True when the caller
        may write the reminder. On PostgreSQL the row stays locked until the caller's transaction
        ends, and a racing claim then finds the new mark."""
        claimed = self._session.execute(
            update(Participant)
            .where(
                Participant.id == participant_id,
                or_(Participant.last_reminded_at.is_(None), Participant.last_reminded_at <= now - cooldown),
            )
            .values(last_reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(rowcount(claimed))
