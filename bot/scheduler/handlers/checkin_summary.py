"""A check-in's week is up, or everyone has rated: summarise the ratings and post the summary.

The summary is stored first (the check-in becomes `summarised` with its report), then posted; a
re-run after a crash between the two posts the stored report instead of summarising again.
"""

from __future__ import annotations

from bot.blocks.checkin import summary_messages
from bot.delivery.pacing import post_message
from bot.scheduler.jobs import Done, Job, Result
from bot.workflows.checkins import raters
from flows.engine.checkin_report import CheckInReport, build_report, shown_report
from storage.models import CheckIn, CheckInStatus, Workshop

SUMMARISED = "summarised"
POSTED = "posted"


def summarise_checkin(job: Job) -> Result:
    checkin = job.session.get(CheckIn, int(job.payload["checkin_id"]))
    if checkin is None or checkin.version != job.payload["version"]:
        return Done("skipped: the check-in was moved or cancelled")
    workshop = job.workshop()
    if not job.has(SUMMARISED):
        if checkin.status is not CheckInStatus.OPEN or checkin.option_id is None:
            return Done(f"skipped: the check-in is {checkin.status}")
        report = _report(job, workshop, checkin)
        summarised = job.checkins.moved(
            checkin,
            from_statuses=[CheckInStatus.OPEN],
            status=CheckInStatus.SUMMARISED,
            summary_json=report.model_dump(mode="json"),
        )
        if not summarised:
            job.session.rollback()
            return Done("skipped: the check-in changed while it was being summarised")
        job.record(SUMMARISED)
    if not job.has(POSTED):
        privacy = job.workshops.scope.privacy
        report = shown_report(
            CheckInReport.model_validate(checkin.summary_json),
            anonymous=workshop.anonymous,
            min_answers=privacy.min_answers,
            min_free_text=privacy.min_free_text,
        )
        flow_title = job.workshops.flow_of(workshop).title
        first, *rest = summary_messages(report, workshop.id, flow_title)
        ts = post_message(job.client, workshop.channel_id, first)["ts"]
        for message in rest:
            post_message(job.client, workshop.channel_id, message, thread_ts=ts)
        job.record(POSTED, ts)
    return Done("summary posted")


def _report(job: Job, workshop: Workshop, checkin: CheckIn) -> CheckInReport:
    checkins = job.checkins
    asked = raters(job.workshops, workshop)
    asked_ids = {p.id for p in asked}
    given = [r for r in checkins.ratings(checkin.id).values() if r.participant_id in asked_ids]
    previous = checkins.previous_summarised(checkin)
    earlier = previous.summary_json if previous else None
    return build_report(
        job.workshops.flow_of(workshop),
        checkin.option_id or "",
        checkin.months,
        [(r.criterion_id, r.rating, r.note) for r in given],
        raters=len({r.participant_id for r in given}),
        invited=len(asked),
        previous=CheckInReport.model_validate(earlier) if earlier else None,
    )
