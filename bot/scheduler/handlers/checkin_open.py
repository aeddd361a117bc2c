"""A check-in comes due: the success criteria to the channel, the facilitator's controls and each
person's rating form to their DMs.

The posts are written to the outbox (`bot.delivery.outbox`) with the check-in's opening and its
summary job, in the one commit the dispatcher makes: a crash before it leaves the check-in to open
again, a crash after it leaves the posts to go out, each once. The summary job is there before any
DM, so whoever rates last can always bring it forward.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.blocks.checkin import checkin_controls, checkin_dm, checkin_post
from bot.delivery.outbox import Outbox
from bot.scheduler.jobs import Done, Dropped, Job, Result
from bot.services.scheduling import RATING_WINDOW, schedule_summary
from bot.workflows.checkins import checkin_key, checkin_view, option_judged, raters
from bot.workflows.failures import CHANNEL_GONE, slack_code
from storage.models import CheckIn, CheckInStatus, Workshop

# Steps recorded by a run of a version that posted as it went, before the outbox: a run taken over
# from it writes only what it had yet to send.
POSTED = "posted"
CONTROLS = "facilitator"
OPENABLE = (CheckInStatus.SCHEDULED, CheckInStatus.SNOOZED, CheckInStatus.OPEN)


def open_checkin(job: Job) -> Result:
    checkin = job.session.get(CheckIn, int(job.payload["checkin_id"]))
    if checkin is None or checkin.version != job.payload["version"] or checkin.status not in OPENABLE:
        return Done("skipped: the check-in was moved, cancelled or already summarised")
    workshop = job.workshop()
    option_id = option_judged(job.workshops, workshop, checkin)
    if option_id is None:
        raise Dropped("the workshop has no recommendation to check")
    _can_post(job, workshop)
    summary_due = job.now + RATING_WINDOW
    view = checkin_view(job.workshops, workshop, checkin, option_id, summary_due)
    outbox = Outbox(job.session, job.workshops.scope.now)
    if not job.has(POSTED):
        opened = job.checkins.moved(
            checkin, from_statuses=OPENABLE, status=CheckInStatus.OPEN, option_id=option_id
        )
        if not opened:
            return Done("skipped: the check-in changed while it was being opened")
        schedule_summary(job.session, workshop, checkin, summary_due)
        outbox.post(
            workshop,
            checkin_key(workshop, checkin, "open"),
            workshop.channel_id,
            checkin_post(view, late=job.late),
            "the check-in's post in the channel",
            ts_into=("checkin.posted_ts", checkin.id),
        )
    if not job.has(CONTROLS):
        key = checkin_key(workshop, checkin, "controls")
        outbox.post(workshop, key, workshop.facilitator_id, checkin_controls(view), "your check-in controls")
    for person in raters(job.workshops, workshop):
        if not job.has(f"dm:{person.id}"):
            outbox.post(
                workshop,
                checkin_key(workshop, checkin, f"dm-p{person.id}"),
                person.dm_channel_id or person.user_id,  # a user's id: the app's DM with them
                checkin_dm(view),
                f"the check-in's rating form to <@{person.user_id}>",
            )
    return Done("opened late" if job.late else "opened")


def _can_post(job: Job, workshop: Workshop) -> None:
    """A read before anything is written: no check-in opens (and waits a week for ratings) in a
    workspace that uninstalled the app, whose call fails here, or for a channel the bot lost."""
    why = None
    try:
        if job.client.conversations_info(channel=workshop.channel_id)["channel"].get("is_archived"):
            why = "is_archived"
    except SlackApiError as error:
        if slack_code(error) not in CHANNEL_GONE:
            raise
        why = slack_code(error)
    if why is not None:
        raise Dropped(f"the bot cannot post in <#{workshop.channel_id}> ({why})")
