"""Scheduled items: added once, claimed atomically under a lease, then finished, retried or dropped.

Every state change is a conditional UPDATE, so of two bot instances racing for one item exactly one
wins, and an instance that lost its lease (it was too slow and another took the item over) can no
longer change the item.

The statements a dispatcher runs for every item (claiming, recording progress, settling) are built
once, on the table with bound parameters: building an ORM UPDATE per call and running it through
the ORM's bulk-update path cost more CPU than the database spent on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Table,
    Update,
    and_,
    any_,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import rowcount
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
    ) -> int | None:
        """Schedule an item unless (team, kind, key) already exists: the new item's id, or None when
        it existed. An INSERT that skips on conflict, so two callers scheduling the same thing make
        one item."""
        postgres = self.session.get_bind().dialect.name == "postgresql"
        params = {
            "team_id": team_id,
            "workshop_id": workshop_id,
            "kind": kind,
            "dedupe_key": dedupe_key,
            "due_at": due_at,
            "payload": dict(payload or {}),
        }
        added: int | None = self.session.execute(
            _ADD_POSTGRES if postgres else _ADD_SQLITE, params
        ).scalar_one_or_none()
        return added

    # Finding

    def has(self, team_id: str, kind: str, dedupe_key: str, *, unsettled: bool = False) -> bool:
        """Whether the item was ever added; with `unsettled`, whether it is still pending or claimed."""
        params = {"team_id": team_id, "kind": kind, "key": dedupe_key}
        return self.session.execute(_UNSETTLED if unsettled else _ADDED, params).first() is not None

    def keys(self, team_id: str, workshop_id: int, kind: str, key_prefix: str) -> list[str]:
        """The keys of the workshop's items of `kind` that start with `key_prefix`."""
        pattern = key_prefix.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
        params = {"team_id": team_id, "workshop_id": workshop_id, "kind": kind, "pattern": pattern}
        return list(self.session.scalars(_KEYS, params))

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
        """Claim up to `limit` items that are due, or whose claimer's lease ran out, oldest first: one
        UPDATE of the rows a subquery chooses. On PostgreSQL the subquery skips rows another instance
        is claiming right now rather than waiting for them; SQLite runs one writer at a time."""
        statement = _CLAIM_SKIP_LOCKED if self._on_postgresql() else _CLAIM_DUE
        rows = self.session.execute(statement, _claim_values(now, owner, lease) | {"limit": limit}).all()
        return sorted((_claimed(row) for row in rows), key=lambda item: (item.due_at, item.id))

    def claim(self, item_id: int, now: datetime, owner: str, lease: timedelta) -> ClaimedItem | None:
        """Claim one item if it is claimable now; None when someone else has it or it is not due."""
        values = _claim_values(now, owner, lease) | {"item_id": item_id}
        row = self.session.execute(_CLAIM_ONE, values).one_or_none()
        return None if row is None else _claimed(row)

    def _on_postgresql(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    # Finishing, only by the claimer that still holds the item

    def finish(
        self, item_id: int, owner: str, now: datetime, outcome: str, progress: Mapping[str, Any] | None = None
    ) -> bool:
        """Mark the item done; with `progress`, write that in the same statement (see `jobs.Done`)."""
        if progress is None:
            return self._by_owner(_FINISH, item_id, owner, at=now, outcome=outcome)
        return self._by_owner(
            _FINISH_RECORDED, item_id, owner, at=now, outcome=outcome, progress=dict(progress)
        )

    def defer(self, item_id: int, owner: str, until: datetime, outcome: str) -> bool:
        """Back to pending for a later moment; not a failure, so attempts stay as they are."""
        return self._by_owner(_DEFER, item_id, owner, at=until, outcome=outcome)

    def retry(self, item_id: int, owner: str, until: datetime, error: str) -> bool:
        return self._by_owner(_RETRY, item_id, owner, at=until, error=error)

    def fail(self, item_id: int, owner: str, now: datetime, error: str) -> bool:
        return self._by_owner(_FAIL, item_id, owner, at=now, error=error)

    def drop(self, item_id: int, owner: str, now: datetime, reason: str) -> bool:
        """Cancel an item that can never succeed (its workspace uninstalled the app)."""
        return self._by_owner(_DROP, item_id, owner, at=now, error=reason, outcome=reason)

    def release(self, owner: str) -> int:
        """Hand back every item this owner holds, for another instance (or its next start) to run."""
        statement = (
            update(ScheduledItem)
            .where(ScheduledItem.claimed_by == owner, ScheduledItem.state == ScheduledState.CLAIMED)
            .values(state=ScheduledState.PENDING, **_unclaimed())
            .execution_options(synchronize_session=False)
        )
        return rowcount(self.session.execute(statement))

    def claimers(self) -> list[str]:
        """The owners holding an item now."""
        statement = select(ScheduledItem.claimed_by).where(ScheduledItem.state == ScheduledState.CLAIMED)
        return [owner for owner in self.session.scalars(statement.distinct()) if owner is not None]

    def release_orphaned(self, owner: str) -> int:
        """Hand back a dead owner's items at once rather than when their leases run out; as with an
        expired lease, the takeover counts as an attempt, so an item that kills every process that
        runs it ends as failed rather than looping."""
        statement = (
            update(ScheduledItem)
            .where(ScheduledItem.claimed_by == owner, ScheduledItem.state == ScheduledState.CLAIMED)
            .values(state=ScheduledState.PENDING, attempts=ScheduledItem.attempts + 1, **_unclaimed())
            .execution_options(synchronize_session=False)
        )
        return rowcount(self.session.execute(statement))

    def _by_owner(self, statement: Update, item_id: int, owner: str, **values: Any) -> bool:
        """Run one of the claimer's statements below: it changes the item only while `owner` holds it."""
        return rowcount(self.session.execute(statement, {"item_id": item_id, "owner": owner, **values})) == 1

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
        return rowcount(self.session.execute(statement))

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


# The statements run for every item, built once (see the module's docstring), on the table's own
# columns so that the session runs them as they are rather than through the ORM. A parameter named
# after a column it sets would clash with the column's own, hence the "new_" and "at" names.
_ITEMS = cast(Table, ScheduledItem.__table__)
_COLUMNS = _ITEMS.c


def _param(name: str, column: str) -> Any:
    return bindparam(name, type_=_COLUMNS[column].type)


def _claimable(now: Any) -> ColumnElement[bool]:
    due = and_(_COLUMNS.state == ScheduledState.PENDING, _COLUMNS.due_at <= now)
    # A claimed item whose lease ran out belonged to an instance that died or hung.
    abandoned = and_(_COLUMNS.state == ScheduledState.CLAIMED, _COLUMNS.lease_until < now)
    return or_(due, abandoned)


def _claim_values(now: datetime, owner: str, lease: timedelta) -> dict[str, Any]:
    return {"now": now, "new_owner": owner, "new_lease_until": now + lease}


def _claim_update() -> Update:
    now = _param("now", "due_at")
    return (
        update(_ITEMS)
        .values(
            state=ScheduledState.CLAIMED,
            claimed_by=_param("new_owner", "claimed_by"),
            lease_until=_param("new_lease_until", "lease_until"),
            # Taking over a dead claimer's item counts as an attempt: an item that crashes the bot
            # every time must end as failed, not loop for ever.
            attempts=case(
                (_COLUMNS.state == ScheduledState.CLAIMED, _COLUMNS.attempts + 1),
                else_=_COLUMNS.attempts,
            ),
        )
        .where(_claimable(now))
    )


def _claim_due(skip_locked: bool) -> Any:
    chosen = select(_COLUMNS.id).where(_claimable(_param("now", "due_at")))
    chosen = chosen.order_by(_COLUMNS.due_at).limit(bindparam("limit", type_=Integer))
    if not skip_locked:  # SQLite runs an uncorrelated IN subquery once, before it updates anything
        return _claim_update().where(_COLUMNS.id.in_(chosen.scalar_subquery())).returning(*_CLAIMED_COLUMNS)
    # PostgreSQL runs ANY(ARRAY(subquery)) once, as an init plan. An IN subquery it may plan as a
    # join and scan again for each row it updates; each scan skips the rows just claimed and, among
    # items due at one moment, yields others, so one claim of 20 took every item due at that moment.
    chosen_once = func.array(chosen.with_for_update(skip_locked=True).scalar_subquery())
    return _claim_update().where(_COLUMNS.id == any_(chosen_once)).returning(*_CLAIMED_COLUMNS)


def _add(dialect: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, in the dialect's own spelling."""
    values = {name: _param(name, name) for name in ("team_id", "workshop_id", "kind", "dedupe_key", "due_at")}
    values["payload"] = _param("payload", "payload")
    statement = dialect.insert(_ITEMS).values(state=ScheduledState.PENDING, attempts=0, **values)
    return statement.on_conflict_do_nothing().returning(_COLUMNS.id)


_ADD_POSTGRES = _add(postgresql)
_ADD_SQLITE = _add(sqlite)


_ADDED = select(_COLUMNS.id).where(
    _COLUMNS.team_id == bindparam("team_id"),
    _COLUMNS.kind == bindparam("kind"),
    _COLUMNS.dedupe_key == bindparam("key"),
)
_UNSETTLED = _ADDED.where(_COLUMNS.state.in_((ScheduledState.PENDING, ScheduledState.CLAIMED)))
_KEYS = select(_COLUMNS.dedupe_key).where(
    _COLUMNS.team_id == bindparam("team_id"),
    _COLUMNS.workshop_id == bindparam("workshop_id"),
    _COLUMNS.kind == bindparam("kind"),
    _COLUMNS.dedupe_key.like(bindparam("pattern"), escape="/"),
)


_CLAIMED_COLUMNS = (
    _COLUMNS.id,
    _COLUMNS.team_id,
    _COLUMNS.workshop_id,
    _COLUMNS.kind,
    _COLUMNS.dedupe_key,
    _COLUMNS.due_at,
    _COLUMNS.payload,
    _COLUMNS.progress,
    _COLUMNS.attempts,
)
_CLAIM_DUE = _claim_due(skip_locked=False)
_CLAIM_SKIP_LOCKED = _claim_due(skip_locked=True)
_CLAIM_ONE = _claim_update().where(_COLUMNS.id == bindparam("item_id")).returning(*_CLAIMED_COLUMNS)


def _owned(**values: Any) -> Update:
    """An UPDATE of one item that changes it only while the given owner still holds it."""
    return (
        update(_ITEMS)
        .where(
            _COLUMNS.id == bindparam("item_id"),
            _COLUMNS.claimed_by == bindparam("owner"),
            _COLUMNS.state == ScheduledState.CLAIMED,
        )
        .values(**values)
    )


def _settled(state: ScheduledState, **values: Any) -> Update:
    return _owned(state=state, claimed_by=None, lease_until=None, **values)


_FINISH = _settled(ScheduledState.DONE, done_at=_param("at", "done_at"), outcome=_param("outcome", "outcome"))
_FINISH_RECORDED = _settled(
    ScheduledState.DONE,
    done_at=_param("at", "done_at"),
    outcome=_param("outcome", "outcome"),
    progress=_param("progress", "progress"),
)
_DEFER = _settled(ScheduledState.PENDING, due_at=_param("at", "due_at"), outcome=_param("outcome", "outcome"))
_RETRY = _settled(
    ScheduledState.PENDING,
    due_at=_param("at", "due_at"),
    attempts=_COLUMNS.attempts + 1,
    last_error=_param("error", "last_error"),
)
_FAIL = _settled(
    ScheduledState.FAILED,
    done_at=_param("at", "done_at"),
    attempts=_COLUMNS.attempts + 1,
    last_error=_param("error", "last_error"),
)
_DROP = _settled(
    ScheduledState.CANCELLED,
    done_at=_param("at", "done_at"),
    last_error=_param("error", "last_error"),
    outcome=_param("outcome", "outcome"),
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
