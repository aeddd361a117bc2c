"""What closing the rounds produced: disputes, the facilitator's resolutions, recommendations."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Dispute, Recommendation, Resolution


class OutcomeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def disputes(self, workshop_id: int) -> list[Dispute]:
        query = (
            select(Dispute)
            .where(Dispute.workshop_id == workshop_id)
            .options(selectinload(Dispute.resolutions))
            .order_by(Dispute.id)
        )
        return list(self.session.scalars(query))

    def add_dispute(self, dispute: Dispute) -> None:
        self.session.add(dispute)

    def add_resolution(self, dispute: Dispute, resolution: Resolution) -> None:
        dispute.resolutions.append(resolution)

    def latest_recommendation(self, workshop_id: int) -> Recommendation | None:
        query = (
            select(Recommendation)
            .where(Recommendation.workshop_id == workshop_id)
            .order_by(Recommendation.revision.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def next_recommendation_revision(self, workshop_id: int) -> int:
        query = select(func.max(Recommendation.revision)).where(Recommendation.workshop_id == workshop_id)
        return (self.session.scalar(query) or 0) + 1

    def add_recommendation(self, recommendation: Recommendation) -> Recommendation:
        self.session.add(recommendation)
        self.session.flush()
        return recommendation
