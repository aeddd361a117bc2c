"""Workshops and their participants, always looked up within one Slack workspace."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, selectinload

from flows.errors import NotFound
from storage.models import Participant, ScheduledItem, Workshop, WorkshopStatus

_Row = TypeVar("_Row", Workshop, Participant)


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
        query = select(Workshop).where(Workshop.id == workshop_id, Workshop.team_id == team_id)
        if with_participants:
            query = query.options(selectinload(Workshop.participants))
        workshop = self.session.scalars(query).one_or_none()
        if workshop is None:
            raise NotFound(
                f"Workshop {workshop_id} was not found in this workspace.",
                "It may have been deleted; start a new one with /hiring start.",
            )
        return workshop

    def with_unfinished_posts(self) -> list[Workshop]:
        """Workshops, in any workspace, whose announcement, invitations or summary a stopped process
        may have left undone: still answering with something unposted, or decided without a summary."""
        unposted = Participant.invite_ts.is_(None) | Participant.invite_ts.startswith("pending:")
        uninvited = exists().where(
            Participant.workshop_id == Workshop.id, unposted, Participant.delivery_error.is_(None)
        )
        answering = Workshop.status.in_([WorkshopStatus.COLLECTING])
        decided = Workshop.status == WorkshopStatus.DECIDED
        unannounced = Workshop.announcement_ts.is_(None) | Workshop.announcement_ts.startswith("pending:")
        unsummarised = Workshop.summary_ts.is_(None) | Workshop.summary_ts.startswith("pending:")
        query = select(Workshop).where((answering & (unannounced | uninvited)) | (decided & unsummarised))
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

    def lock(self, team_id: str, workshop_id: int, *in_status: WorkshopStatus) -> bool:
        """Take the workshop's write lock, if (when statuses are given) it is in one of them.

        A conditional UPDATE rather than read-then-write: of two callers racing to change the same
        workshop, the second waits for the first to commit (a row lock on PostgreSQL, the database
        write lock on SQLite) and then finds the status changed, so exactly one of them goes ahead.
        """
        statement = (
            update(Workshop)
            .where(Workshop.id == workshop_id, Workshop.team_id == team_id)
            .values(status=Workshop.status)
            .execution_options(synchronize_session=False)
        )
        if in_status:
            statement = statement.where(Workshop.status.in_(in_status))
        return self.session.execute(statement).rowcount == 1

    def refresh(self, row: _Row) -> _Row:
        """The row as committed now, replacing what this session already held."""
        self.session.refresh(row)
        return row

    def participants(self, workshop_id: int) -> list[Participant]:
        query = select(Participant).where(Participant.workshop_id == workshop_id).order_by(Participant.id)
        return list(self.session.scalars(query))

    def participant(self, workshop_id: int, user_id: str) -> Participant | None:
        query = select(Participant).where(
            Participant.workshop_id == workshop_id, Participant.user_id == user_id
        )
        return self.session.scalars(query).one_or_none()

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
        return result.rowcount
