"""A check-in's week is up, or everyone has rated: summarise the ratings and post the summary.

The check-in becomes `summarised` with its report, and the summary's posts are written to the outbox
(`bot.delivery.outbox`), in the one commit the dispatcher makes: the head, then its thread's
replies in order. A run taken over from a version that stored the report before posting it posts
the stored report.
"""

from __future__ import annotations

from bot.blocks.checkin import summary_messages
from bot.delivery.outbox import Outbox, post_key
from bot.scheduler.jobs import Done, Job, Result
from bot.workflows.checkins import raters
from flows.engine.checkin_report import CheckInReport, build_report, shown_report
from storage.models import CheckIn, CheckInStatus, Workshop

# Steps recorded by a version that stored the report, then posted it, each in a commit of its own.
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
            return Done("skipped: the check-in changed while it was being summarised")
    if not job.has(POSTED):
        _write_summary(job, workshop, checkin)
    return Done("summary posted")


def _write_summary(job: Job, workshop: Workshop, checkin: CheckIn) -> None:
    privacy = job.workshops.scope.privacy
    report = shown_report(
        CheckInReport.model_validate(checkin.summary_json),
        anonymous=workshop.anonymous,
        min_answers=privacy.min_answers,
        min_free_text=privacy.min_free_text,
    )
    first, *rest = summary_messages(report, workshop.id, job.workshops.flow_of(workshop).title)
    outbox, channel = Outbox(job.session, job.workshops.scope.now), workshop.channel_id
    head = last = post_key(workshop, f"checkin-{checkin.id}-summary")
    outbox.post(workshop, head, channel, first, "the check-in's summary in the channel")
    for index, message in enumerate(rest):
        key = post_key(workshop, f"checkin-{checkin.id}-summary-{index}")
        what = "a reply in the check-in summary's thread"
        outbox.post(workshop, key, channel, message, what, after=last, thread_of=head)
        last = key


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
