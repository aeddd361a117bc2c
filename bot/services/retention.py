"""Retention: answers and free text are kept `RETENTION_MONTHS` after a decision, and its last
check-in, then purged. The decision record stays: the recommendation with its scores and
confidence, the disputes and how the facilitator resolved them (with their rationale).

What goes: every answer and round-2 reason, every check-in rating and note, and the free text and
reasons copied into the stored analyses and summaries. Works inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from bot.services.scheduling import ItemKind, add_months
from flows.engine import render_mrkdwn
from flows.engine.model import Analysis
from flows.schema import Flow
from storage.models import (
    Answer,
    CheckIn,
    CheckInRating,
    CheckInStatus,
    Recommendation,
    ScheduledItem,
    Workshop,
    WorkshopStatus,
)

# A check-in still to come (or under way) keeps the answers it is judged against.
UNFINISHED_CHECKINS = (CheckInStatus.SCHEDULED, CheckInStatus.SNOOZED, CheckInStatus.OPEN)


@dataclass(frozen=True)
class Purged:
    """Counts only: what was (or, in a dry run, would be) purged."""

    workshops: int = 0
    answers: int = 0
    ratings: int = 0
    summaries: int = 0  # stored analyses, summaries and check-in reports stripped of free text

    def describe(self) -> str:
        return (
            f"{self.workshops} workshop(s): {self.answers} answer(s), {self.ratings} check-in rating(s), "
            f"free text stripped from {self.summaries} stored summary(ies)"
        )


def cutoff(now: datetime, months: int) -> datetime:
    return add_months(now, -months)


def due_for_purge(session: Session, now: datetime, months: int) -> list[Workshop]:
    """Decided workshops older than `months`, with every check-in done, not purged yet."""
    unfinished = exists().where(CheckIn.workshop_id == Workshop.id, CheckIn.status.in_(UNFINISHED_CHECKINS))
    query = (
        select(Workshop)
        .where(
            Workshop.status == WorkshopStatus.DECIDED,
            Workshop.decided_at <= cutoff(now, months),
            Workshop.answers_purged_at.is_(None),
            ~unfinished,
        )
        .order_by(Workshop.id)
    )
    return list(session.scalars(query))


def purge(session: Session, workshops: Sequence[Workshop], now: datetime, *, dry_run: bool = False) -> Purged:
    ids = [w.id for w in workshops]
    if not ids:
        return Purged()
    checkins = select(CheckIn.id).where(CheckIn.workshop_id.in_(ids))
    counted = Purged(
        workshops=len(ids),
        answers=_count(session, select(func.count(Answer.id)).where(Answer.workshop_id.in_(ids))),
        ratings=_count(
            session, select(func.count(CheckInRating.id)).where(CheckInRating.checkin_id.in_(checkins))
        ),
        summaries=_count(
            session, select(func.count(Recommendation.id)).where(Recommendation.workshop_id.in_(ids))
        )
        + _count(
            session,
            select(func.count(CheckIn.id)).where(
                CheckIn.workshop_id.in_(ids), CheckIn.summary_json.is_not(None)
            ),
        ),
    )
    if dry_run:
        return counted
    session.execute(delete(Answer).where(Answer.workshop_id.in_(ids)))
    session.execute(delete(CheckInRating).where(CheckInRating.checkin_id.in_(checkins)))
    # The outbox's copies of what was posted ("who answered what" quotes answers).
    session.execute(
        delete(ScheduledItem).where(ScheduledItem.workshop_id.in_(ids), ScheduledItem.kind == ItemKind.SEND)
    )
    for workshop in workshops:
        _strip_summaries(session, workshop)
        workshop.answers_purged_at = now
    session.flush()
    return counted


def _strip_summaries(session: Session, workshop: Workshop) -> None:
    flow = Flow.model_validate(workshop.flow_json)
    for recommendation in session.scalars(
        select(Recommendation).where(Recommendation.workshop_id == workshop.id)
    ):
        analysis = Analysis.model_validate(recommendation.analysis_json)
        questions = [q.model_copy(update={"free_text": [], "rationales": []}) for q in analysis.questions]
        stripped = analysis.model_copy(update={"questions": questions})
        recommendation.analysis_json = stripped.model_dump(mode="json")
        recommendation.summary_mrkdwn = render_mrkdwn(flow, stripped)
    for checkin in session.scalars(select(CheckIn).where(CheckIn.workshop_id == workshop.id)):
        if checkin.summary_json is not None:
            checkin.summary_json = _without_notes(checkin.summary_json)


def _without_notes(report: dict[str, Any]) -> dict[str, Any]:
    criteria = [{**criterion, "notes": []} for criterion in report.get("criteria", [])]
    return {**report, "criteria": criteria}


def _count(session: Session, query: Any) -> int:
    return session.scalar(query) or 0
