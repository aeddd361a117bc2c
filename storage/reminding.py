"""At most one reminder per person per cooldown, whoever sends it (`/hiring remind`, a nudge, a
button): the send is claimed with a conditional UPDATE first, so two racing senders make one."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from storage.base import rowcount
from storage.models import Participant


def claim_reminder(session: Session, participant_id: int, now: datetime, cooldown: timedelta) -> bool:
    """Mark the person reminded now, unless they were within `cooldown`; True when this call may send.
    The caller commits before sending, so other instances see the claim."""
    claimed = rowcount(
        session.execute(
            update(Participant)
            .where(
                Participant.id == participant_id,
                or_(Participant.last_reminded_at.is_(None), Participant.last_reminded_at <= now - cooldown),
            )
            .values(last_reminded_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    return bool(claimed)


def release_reminder(session: Session, participant_id: int, now: datetime, before: datetime | None) -> None:
    """The reminder claimed at `now` was not sent: the person's last reminder is `before` again."""
    session.execute(
        update(Participant)
        .where(Participant.id == participant_id, Participant.last_reminded_at == now)
        .values(last_reminded_at=before)
        .execution_options(synchronize_session=False)
    )
