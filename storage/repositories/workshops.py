"""Workshops and their participants, always looked up within one Slack workspace."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar, cast

from sqlalchemy import Table, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session, defer, selectinload

from flows.errors import NotFound
from storage.base import rowcount
from storage.models import Participant, ScheduledItem, Workshop, WorkshopStatus

_Row = TypeVar("_Row", Workshop, Participant)

_WORKSHOPS = cast(Table, Workshop.__table__)
_TABLE = _WORKSHOPS.c
# The statements every answer runs, built once: building them per request cost about as much CPU as
# running them.
# The flow snapshot is left unread: `WorkshopService.flow_of` needs it only when the flow is not
# parsed already, and decoding its JSON on every request cost more than the rest of the row.
_WORKSHOP = (
    select(Workshop)
    .where(Workshop.id == bindparam("id"), Workshop.team_id == bindparam("team_id"))
    .options(defer(Workshop.flow_json))
)
_PARTICIPANT = select(Participant).where(
    Participant.workshop_id == bindparam("workshop_id"), Participant.user_id == bindparam("user_id")
)
_PARTICIPANT_LOCKED = _PARTICIPANT.with_for_update().execution_options(populate_existing=True)
# Not "id" and "team_id": an UPDATE reserves its columns' names for the values it sets.
_THIS_WORKSHOP = (_TABLE.id == bindparam("workshop_id"), _TABLE.team_id == bindparam("workshop_team"))
_IN_STATUS = _TABLE.status.in_(bindparam("statuses", expanding=True))
_SHARED_LOCK_ANY = select(_TABLE.id).where(*_THIS_WORKSHOP).with_for_update(read=True)
_SHARED_LOCK = _SHARED_LOCK_ANY.where(_IN_STATUS)
# A write that changes nothing, for the lock it takes (on the table: no ORM bulk-update path).
_LOCK_ANY = update(_WORKSHOPS).where(*_THIS_WORKSHOP).values(status=_TABLE.status)
_LOCK = _LOCK_ANY.where(_IN_STATUS)


class WorkshopRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, workshop: Workshop) -> Workshop:
        self.session.add(workshop)
        self.session.flush()
        return workshop

    def get(self, team_id: str, workshop_id: int, *, with_participants: bool = False) -> Workshop:
        """The workshop, if it belongs to this team. Another team's id is as unknown as a missing one,
        so a request from one workspace can never learn about another's workshops."""
        query = _WORKSHOP.options(selectinload(Workshop.participants)) if with_participants else _WORKSHOP
        workshop = self.session.scalars(query, {"id": workshop_id, "team_id": team_id}).one_or_none()
        if workshop is None:
            raise NotFound(
                f"Workshop {workshop_id} was not found in this workspace.",
                "It may have been deleted; start a new one with /hiring start.",
            )
        return workshop

    def with_unfinished_posts(self) -> list[Workshop]:
        """Workshops, in any workspace, whose announcement, invitations or summary a stopped process
        may have left undone: still answering with something unposted, or decided without a
        summary. (What closing a round posts is in the outbox, which the dispatcher finishes.)"""
        unposted = Participant.invite_ts.is_(None) | Participant.invite_ts.startswith("pending:")
        uninvited = exists().where(
            Participant.workshop_id == Workshop.id, unposted, Participant.delivery_error.is_(None)
        )
        answering = Workshop.status.in_([WorkshopStatus.COLLECTING])
        decided = Workshop.status == WorkshopStatus.DECIDED
        unannounced = Workshop.announcement_ts.is_(None) | Workshop.announcement_ts.startswith("pending:")
        unsummarised = Workshop.summary_ts.is_(None) | Workshop.summary_ts.startswith("pending:")
        # A preview the facilitator has and has not yet approved: nothing is unfinished, they decide.
        preview_waiting = (
            Workshop.preview.is_(True)
            & Workshop.preview_approved_at.is_(None)
            & Workshop.preview_ts.is_not(None)
            & ~Workshop.preview_ts.startswith("pending:")
        )
        query = select(Workshop).where(
            (answering & (unannounced | uninvited)) | (decided & unsummarised & ~preview_waiting)
        )
        return list(self.session.scalars(query.order_by(Workshop.id)))

    def by_request_key(self, team_id: str, request_key: str) -> Workshop | None:
        query = select(Workshop).where(Workshop.team_id == team_id, Workshop.request_key == request_key)
        return self.session.scalars(query).one_or_none()

    def in_channel(
        self, team_id: str, channel_id: str, statuses: Collection[WorkshopStatus] | None = None
    ) -> list[Workshop]:
        query = select(Workshop).where(Workshop.team_id == team_id, Workshop.channel_id == channel_id)
        if statuses is not None:
            query = query.where(Workshop.status.in_(statuses))
        return list(self.session.scalars(query.order_by(Workshop.created_at.desc(), Workshop.id.desc())))

    def for_user(self, team_id: str, user_id: str) -> list[Workshop]:
        invited = exists().where(Participant.workshop_id == Workshop.id, Participant.user_id == user_id)
        query = (
            select(Workshop)
            .where(Workshop.team_id == team_id, (Workshop.facilitator_id == user_id) | invited)
            .order_by(Workshop.created_at.desc(), Workshop.id.desc())
        )
        return list(self.session.scalars(query))

    def lock(self, team_id: str, workshop_id: int, *in_status: WorkshopStatus, shared: bool = False) -> bool:
        """Take the workshop's write lock, if (when statuses are given) it is in one of them.

        A conditional UPDATE rather than read-then-write: of two callers racing to change the same
        workshop, the second waits for the first to commit (a row lock on PostgreSQL, the database
        write lock on SQLite) and then finds the status changed, so exactly one of them goes ahead.

        `shared` is for work that must not overlap a change of the workshop but may overlap itself
        (people answering): on PostgreSQL a `FOR SHARE` row lock, which the exclusive lock waits for
        and which waits for it (then re-reads the status). SQLite has no shared row locks, and a
        transaction that reads first and writes later fails at once ("database is locked") when
        another writer committed in between, so there the caller takes the write lock at once.
        """
        postgres = self.session.get_bind().dialect.name == "postgresql"
        params: dict[str, object] = {"workshop_id": workshop_id, "workshop_team": team_id}
        if in_status:
            params["statuses"] = list(in_status)
        if shared and postgres:
            query = _SHARED_LOCK if in_status else _SHARED_LOCK_ANY
            return self.session.execute(query, params).first() is not None
        statement = _LOCK if in_status else _LOCK_ANY
        return rowcount(self.session.execute(statement, params)) == 1

    def refresh(self, row: _Row) -> _Row:
        """The row as committed now, replacing what this session already held."""
        self.session.refresh(row)
        return row

    def participants(self, workshop_id: int) -> list[Participant]:
        query = select(Participant).where(Participant.workshop_id == workshop_id).order_by(Participant.id)
        return list(self.session.scalars(query))

    def participant(self, workshop_id: int, user_id: str, *, for_update: bool = False) -> Participant | None:
        """The participant; with `for_update`, as committed now (replacing what this session held)
        and locked until the transaction ends."""
        query = _PARTICIPANT_LOCKED if for_update else _PARTICIPANT
        return self.session.scalars(query, {"workshop_id": workshop_id, "user_id": user_id}).one_or_none()

    def delete_team(self, team_id: str) -> int:
        """Erase every workshop of the team; the database cascades to everything under them. Objects
        this session already loaded for the team are stale afterwards."""
        self.session.execute(
            delete(ScheduledItem)
            .where(ScheduledItem.team_id == team_id)
            .execution_options(synchronize_session=False)
        )
        result = self.session.execute(
            delete(Workshop).where(Workshop.team_id == team_id).execution_options(synchronize_session=False)
        )
        return rowcount(result)
