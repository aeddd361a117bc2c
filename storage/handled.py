"""Which Slack requests the app has acknowledged, remembered long enough to recognise Slack's retries
of them and people's double clicks."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import HandledRequest

# Slack gives up retrying within minutes; a day is plenty and keeps the table small.
KEPT_FOR = timedelta(days=1)


def handled_since(session: Session, digest: str, since: datetime) -> bool:
    query = select(exists().where(HandledRequest.digest == digest, HandledRequest.handled_at >= since))
    return bool(session.scalar(query))


def remember_handled(session: Session, digests: Collection[str], now: datetime) -> None:
    """Record the digests as handled now, forgetting ones too old to matter. Never commits."""
    stale = HandledRequest.handled_at < now - KEPT_FOR
    session.execute(delete(HandledRequest).where(stale | HandledRequest.digest.in_(digests)))
    try:
        with session.begin_nested():
            session.add_all(HandledRequest(digest=digest, handled_at=now) for digest in digests)
    except IntegrityError:
        pass  # an attempt of the same request racing this one recorded it first
