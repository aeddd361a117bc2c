"""Check-in rows turned into what the builders take, the rules the handlers and listeners share (who
is asked to rate, and when everyone has), and the check-in's posts, written to the outbox
(`bot.delivery.outbox`) in the transaction of the change they tell of."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.checkin import CheckInPlan, CheckInRow, CheckInView
from bot.blocks.notice import notice
from bot.delivery.outbox import Outbox, post_key
from bot.services.checkins import CheckInService
from bot.services.recommendations import RecommendationService
from bot.services.workshops import WorkshopService
from flows.engine.checkin_report import criteria_for
from storage.models import CheckIn, Participant, ParticipantStatus, Workshop


def option_judged(workshops: WorkshopService, workshop: Workshop, checkin: CheckIn) -> str | None:
    """The option the check-in judges: fixed when it opens, else the latest recommendation's."""
    if checkin.option_id is not None:
        return checkin.option_id
    recommendation = RecommendationService(workshops.scope).latest_recommendation(workshop.id)
    return recommendation.option_id if recommendation else None


def checkin_view(
    workshops: WorkshopService,
    workshop: Workshop,
    checkin: CheckIn,
    option_id: str,
    summary_due: datetime | None = None,
) -> CheckInView:
    flow = workshops.flow_of(workshop)
    return CheckInView(
        checkin_id=checkin.id,
        workshop_id=workshop.id,
        months=checkin.months,
        flow_title=flow.title,
        option_label=flow.option(option_id).label,
        facilitator_id=workshop.facilitator_id,
        criteria=tuple(criteria_for(flow, option_id)),
        due=checkin.due_at,
        summary_due=summary_due,
    )


def raters(workshops: WorkshopService, workshop: Workshop) -> list[Participant]:
    """Everyone who took part in the decision is asked; those who declined it are not."""
    return [p for p in workshops.participants(workshop.id) if p.status is not ParticipantStatus.DECLINED]


def everyone_rated(
    workshops: WorkshopService, checkins: CheckInService, workshop: Workshop, checkin: CheckIn
) -> bool:
    if checkin.option_id is None:
        return False
    wanted = {c.id for c in criteria_for(workshops.flow_of(workshop), checkin.option_id)}
    given = checkins.ratings(checkin.id)
    return all(
        wanted <= {criterion for (person, criterion) in given if person == p.id}
        for p in raters(workshops, workshop)
    )


def checkin_plan(workshops: WorkshopService, checkins: CheckInService, workshop: Workshop) -> CheckInPlan:
    rows = checkins.for_workshop(workshop.id)
    return CheckInPlan(
        workshop_id=workshop.id,
        flow_title=workshops.flow_of(workshop).title,
        state=str(workshop.status),
        planned_months=tuple(workshop.checkin_months),
        rows=tuple(CheckInRow(r.id, r.months, r.due_at, str(r.status)) for r in rows),
    )


def checkin_key(workshop: Workshop, checkin: CheckIn, part: str) -> str:
    """A post of one opening of the check-in: a snooze opens it again a week on, at a new version,
    and that opening posts anew."""
    return post_key(workshop, f"checkin-{checkin.id}-v{checkin.version}-{part}")


# A reply's place: the thread's ts, or the key of the post that starts it (None, None: the channel).
Thread = tuple[str | None, str | None]


def news_thread(session: Session, workshops: WorkshopService, workshop: Workshop, checkin: CheckIn) -> Thread:
    """Where news of a change goes: under the check-in's post when it has one, or one on its way.
    Read before the change, which moves the check-in to a new version."""
    if checkin.posted_ts:
        return checkin.posted_ts, None
    opening = checkin_key(workshop, checkin, "open")
    if Outbox(session, workshops.scope.now).written(workshop, opening):
        return None, opening
    return None, None


def write_news(
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    checkin: CheckIn,
    thread: Thread,
    text: str,
) -> None:
    """News of the facilitator's change, to the channel once it commits. Each change moves the
    check-in to a new version, so the key is the change's own."""
    thread_ts, thread_of = thread
    Outbox(session, workshops.scope.now).post(
        workshop,
        checkin_key(workshop, checkin, "news"),
        workshop.channel_id,
        notice(text),
        "news of a check-in in the channel",
        thread_ts=thread_ts,
        thread_of=thread_of,
    )
