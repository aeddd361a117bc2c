"""Scheduled items: added once, claimed atomically under a lease, then finished, retried or dropped.

Every state change is a conditional UPDATE, so of two bot instances racing for one item exactly one
wins, and an instance that lost its lease (it was too slow and another took the item over) can no
longer change the item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ScheduledItem, ScheduledState


@dataclass(frozen=True)
class ClaimedItem:
    """What a claimer needs to run an item, read at the moment of the claim."""

    id: int
    team_id: str
    workshop_id: int | None
    kind: str
    dedupe_key: str
    due_at: datetime
    payload: dict[str, Any]
    progress: dict[str, Any]
    attempts: int


class ScheduledRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # Adding

    def add(
        self,
        *,
        team_id: str,
        workshop_id: int | None,
        kind: str,
        dedupe_key: str,
        due_at: datetime,
        payload: Mapping[str, Any] | None = None,
    ) -> bool:
        """Schedule an item unless (team, kind, key) already exists; True when this call added it.
        An INSERT that skips on conflict, so two callers scheduling the same thing make one item."""
        values = {
            "team_id": team_id,
            "workshop_id": workshop_id,
            "kind": kind,
            "dedupe_key": dedupe_key,
            "due_at": due_at,
            "payload": dict(payload or {}),
            "state": ScheduledState.PENDING,
            "attempts": 0,
        }
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(ScheduledItem)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(ScheduledItem.id)
        )
        return self.session.execute(statement).scalar_one_or_none() is not None

    # Finding

    def find(self, team_id: str, kind: str, dedupe_key: str) -> ScheduledItem | None:
        query = select(ScheduledItem).where(
            ScheduledItem.team_id == team_id,
            ScheduledItem.kind == kind,
            ScheduledItem.dedupe_key == dedupe_key,
        )
        return self.session.scalars(query).one_or_none()

    def for_workshop(self, workshop_id: int) -> list[ScheduledItem]:
        query = select(ScheduledItem).where(ScheduledItem.workshop_id == workshop_id)
        return list(self.session.scalars(query.order_by(ScheduledItem.due_at, ScheduledItem.id)))

    # Claiming

    def claim_due(self, now: datetime, owner: str, lease: timedelta, limit: int) -> list[ClaimedItem]:
        """Claim up to `limit` items that are due, or whose claimer's lease ran out, oldest first."""
        if self.session.get_bind().dialect.name == "postgresql":
            return self._claim_skip_locked(now, owner, lease, limit)
        candidates = select(ScheduledItem.id).where(_claimable(now)).order_by(ScheduledItem.due_at)
        ids = list(self.session.scalars(candidates.limit(limit)))
        return [item for item_id in ids if (item := self.claim(item_id, now, owner, lease)) is not None]

    def claim(self, item_id: int, now: datetime, owner: str, lease: timedelta) -> ClaimedItem | None:
        """Claim one item if it is claimable now; None when someone else has it or it is not due."""
        statement = (
            _claim_statement(now, owner, lease)
            .where(ScheduledItem.id == item_id, _claimable(now))
            .returning(*_CLAIMED_COLUMNS)
        )
        row = self.session.execute(statement).one_or_none()
        return None if row is None else _claimed(row)

    def _claim_skip_locked(
        self, now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[ClaimedItem]:
        # Rows another instance is claiming right now are skipped rather than waited for.
        chosen = (
            select(ScheduledItem.id)
            .where(_claimable(now))
            .order_by(ScheduledItem.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            _claim_statement(now, owner, lease)
            .where(ScheduledItem.id.in_(chosen.scalar_subquery()))
            .returning(*_CLAIMED_COLUMNS)
        )
        rows = self.session.execute(statement).all()
        return sorted((_claimed(row) for row in rows), key=lambda item: (item.due_at, item.id))

    # Finishing, only by the claimer that still holds the item

    def record_progress(self, item_id: int, owner: str, progress: Mapping[str, Any]) -> bool:
        return self._by_owner(item_id, owner, progress=dict(progress))

    def finish(self, item_id: int, owner: str, now: datetime, outcome: str) -> bool:
        return self._by_owner(
            item_id, owner, state=ScheduledState.DONE, done_at=now, outcome=outcome, **_unclaimed()
        )

    def defer(self, item_id: int, owner: str, until: datetime, outcome: str) -> bool:
        """Back to pending for a later moment; not a failure, so attempts stay as they are."""
        return self._by_owner(
            item_id, owner, state=ScheduledState.PENDING, due_at=until, outcome=outcome, **_unclaimed()
        )

    def retry(self, item_id: int, owner: str, until: datetime, error: str) -> bool:
        return self._by_owner(
            item_id,
            owner,
            state=ScheduledState.PENDING,
            due_at=until,
            attempts=ScheduledItem.attempts + 1,
            last_error=error,
            **_unclaimed(),
        )

    def fail(self, item_id: int, owner: str, now: datetime, error: str) -> bool:
        return self._by_owner(
            item_id,
            owner,
            state=ScheduledState.FAILED,
            attempts=ScheduledItem.attempts + 1,
            last_error=error,
            done_at=now,
            **_unclaimed(),
        )

    def drop(self, item_id: int, owner: str, now: datetime, reason: str) -> bool:
        """Cancel an item that can never succeed (its workspace uninstalled the app)."""
        return self._by_owner(
            item_id,
            owner,
            state=ScheduledState.CANCELLED,
            last_error=reason,
            outcome=reason,
            done_at=now,
            **_unclaimed(),
        )

    def release(self, owner: str) -> int:
        """Hand back every item this owner holds, for another instance (or its next start) to run."""
        statement = (
            update(ScheduledItem)
            .where(ScheduledItem.claimed_by == owner, ScheduledItem.state == ScheduledState.CLAIMED)
            .values(state=ScheduledState.PENDING, **_unclaimed())
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).rowcount

    def _by_owner(self, item_id: int, owner: str, **values: Any) -> bool:
        statement = (
            update(ScheduledItem)
            .where(
                ScheduledItem.id == item_id,
                ScheduledItem.claimed_by == owner,
                ScheduledItem.state == ScheduledState.CLAIMED,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).rowcount == 1

    # Changing what is still pending

    def cancel_pending(self, workshop_id: int, kinds: Iterable[str], key_prefix: str) -> int:
        """Cancel the workshop's pending items of these kinds whose key starts with `key_prefix`."""
        statement = (
            update(ScheduledItem)
            .where(
                ScheduledItem.workshop_id == workshop_id,
                ScheduledItem.kind.in_(list(kinds)),
                ScheduledItem.dedupe_key.startswith(key_prefix, autoescape=True),
                ScheduledItem.state == ScheduledState.PENDING,
            )
            .values(state=ScheduledState.CANCELLED, outcome="cancelled: no longer needed")
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).rowcount

    def bring_forward(self, team_id: str, kind: str, dedupe_key: str, now: datetime) -> int | None:
        """Make a pending item due now; returns its id, or None when there is no such pending item."""
        statement = (
            update(ScheduledItem)
            .where(
                ScheduledItem.team_id == team_id,
                ScheduledItem.kind == kind,
                ScheduledItem.dedupe_key == dedupe_key,
                ScheduledItem.state == ScheduledState.PENDING,
            )
            .values(due_at=case((ScheduledItem.due_at > now, now), else_=ScheduledItem.due_at))
            .returning(ScheduledItem.id)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).scalar_one_or_none()


_CLAIMED_COLUMNS = (
    ScheduledItem.id,
    ScheduledItem.team_id,
    ScheduledItem.workshop_id,
    ScheduledItem.kind,
    ScheduledItem.dedupe_key,
    ScheduledItem.due_at,
    ScheduledItem.payload,
    ScheduledItem.progress,
    ScheduledItem.attempts,
)


def _claimable(now: datetime) -> ColumnElement[bool]:
    due = and_(ScheduledItem.state == ScheduledState.PENDING, ScheduledItem.due_at <= now)
    # A claimed item whose lease ran out belonged to an instance that died or hung.
    abandoned = and_(ScheduledItem.state == ScheduledState.CLAIMED, ScheduledItem.lease_until < now)
    return or_(due, abandoned)


def _claim_statement(now: datetime, owner: str, lease: timedelta) -> Any:
    return (
        update(ScheduledItem)
        .values(
            state=ScheduledState.CLAIMED,
            claimed_by=owner,
            lease_until=now + lease,
            # Taking over a dead claimer's item counts as an attempt: an item that crashes the bot
            # every time must end as failed, not loop for ever.
            attempts=case(
                (ScheduledItem.state == ScheduledState.CLAIMED, ScheduledItem.attempts + 1),
                else_=ScheduledItem.attempts,
            ),
        )
        .execution_options(synchronize_session=False)
    )


def _claimed(row: Any) -> ClaimedItem:
    return ClaimedItem(
        id=row.id,
        team_id=row.team_id,
        workshop_id=row.workshop_id,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        due_at=row.due_at,
        payload=dict(row.payload or {}),
        progress=dict(row.progress or {}),
        attempts=row.attempts,
    )


def _unclaimed() -> dict[str, Any]:
    return {"claimed_by": None, "lease_until": None}
