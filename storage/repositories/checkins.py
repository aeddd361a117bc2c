"""Check-ins and their ratings. Ratings are append-only: a changed rating is a new revision."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from flows.errors import NotFound
from storage.base import rowcount
from storage.models import CheckIn, CheckInRating, CheckInStatus, Rating, Workshop

UPCOMING = (CheckInStatus.SCHEDULED, CheckInStatus.SNOOZED)


class CheckInRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, workshop_id: int, months: int, due_at: datetime) -> CheckIn:
        """The workshop's check-in at `months`, created unless it exists (then it is left as it is)."""
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        self.session.execute(
            dialect.insert(CheckIn)
            .values(
                workshop_id=workshop_id,
                months=months,
                due_at=due_at,
                status=CheckInStatus.SCHEDULED,
                version=0,
            )
            .on_conflict_do_nothing()
        )
        query = select(CheckIn).where(CheckIn.workshop_id == workshop_id, CheckIn.months == months)
        return self.session.scalars(query).one()

    def get(self, team_id: str, checkin_id: int) -> CheckIn:
        """The check-in, if its workshop belongs to this team; another team's is as unknown as none."""
        query = (
            select(CheckIn)
            .join(Workshop, Workshop.id == CheckIn.workshop_id)
            .where(CheckIn.id == checkin_id, Workshop.team_id == team_id)
        )
        checkin = self.session.scalars(query).one_or_none()
        if checkin is None:
            raise NotFound(
                f"Check-in {checkin_id} was not found in this workspace.",
                "Type `/hiring checkin` in the workshop's channel to see its check-ins.",
            )
        return checkin

    def for_workshop(self, workshop_id: int) -> list[CheckIn]:
        query = select(CheckIn).where(CheckIn.workshop_id == workshop_id)
        return list(self.session.scalars(query.order_by(CheckIn.due_at, CheckIn.id)))

    def next_upcoming(self, workshop_id: int) -> CheckIn | None:
        query = (
            select(CheckIn)
            .where(CheckIn.workshop_id == workshop_id, CheckIn.status.in_(UPCOMING))
            .order_by(CheckIn.due_at, CheckIn.id)
            .limit(1)
        )
        return self.session.scalars(query).first()

    def previous_summarised(self, checkin: CheckIn) -> CheckIn | None:
        """The latest summarised check-in of the same workshop before this one."""
        query = (
            select(CheckIn)
            .where(
                CheckIn.workshop_id == checkin.workshop_id,
                CheckIn.status == CheckInStatus.SUMMARISED,
                CheckIn.months < checkin.months,
            )
            .order_by(CheckIn.months.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def change(self, checkin: CheckIn, *, from_statuses: Collection[CheckInStatus], **values: Any) -> bool:
        """Change the check-in if it is still at the version and in a status the caller saw; False
        when another request changed it first (then nothing is written)."""
        statement = (
            update(CheckIn)
            .where(
                CheckIn.id == checkin.id,
                CheckIn.version == checkin.version,
                CheckIn.status.in_(list(from_statuses)),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        changed = rowcount(self.session.execute(statement)) == 1
        if changed:
            self.session.refresh(checkin)
        return changed

    # Ratings

    def current_ratings(
        self, checkin_id: int, participant_id: int | None = None
    ) -> dict[tuple[int, str], CheckInRating]:
        """The rating that counts for each (participant, criterion): its highest revision."""
        query = select(CheckInRating).where(CheckInRating.checkin_id == checkin_id)
        if participant_id is not None:
            query = query.where(CheckInRating.participant_id == participant_id)
        latest: dict[tuple[int, str], CheckInRating] = {}
        for rating in self.session.scalars(query.order_by(CheckInRating.revision)):
            latest[(rating.participant_id, rating.criterion_id)] = rating
        return latest

    def rate(
        self,
        checkin_id: int,
        participant_id: int,
        criterion_id: str,
        rating: Rating,
        note: str | None,
        now: datetime,
    ) -> bool:
        """Store a rating as a new revision; False (nothing stored) when it repeats the current one."""
        current = self.current_ratings(checkin_id, participant_id).get((participant_id, criterion_id))
        if current is not None and current.rating is rating and current.note == note:
            return False
        self.session.add(
            CheckInRating(
                checkin_id=checkin_id,
                participant_id=participant_id,
                criterion_id=criterion_id,
                revision=(current.revision + 1) if current else 1,
                rating=rating,
                note=note,
                created_at=now,
            )
        )
        self.session.flush()
        return True
