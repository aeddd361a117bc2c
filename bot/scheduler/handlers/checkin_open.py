"""A check-in comes due: post the success criteria to the channel, then DM each person a rating form.

Each message is recorded as it is sent, so a run taken over after a crash carries on where the
first one stopped. The summary job is scheduled right after the channel post, before any DM, so
that whoever rates last can always bring it forward.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from sqlalchemy import update

from bot.blocks.checkin import checkin_controls, checkin_dm, checkin_post
from bot.blocks.common import Message
from bot.delivery.pacing import post_message
from bot.scheduler.jobs import Done, Dropped, Job, Result
from bot.services.scheduling import RATING_WINDOW, schedule_summary
from bot.workflows.checkins import checkin_view, option_judged, raters
from bot.workflows.failures import CHANNEL_GONE, DEACTIVATED, slack_code
from storage.models import CheckIn, CheckInStatus, Participant

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
    summary_due = job.now + RATING_WINDOW
    view = checkin_view(job.workshops, workshop, checkin, option_id, summary_due)
    if not job.has(POSTED):
        try:
            posted = post_message(job.client, workshop.channel_id, checkin_post(view, late=job.late))
        except SlackApiError as error:
            if slack_code(error) in CHANNEL_GONE:
                why = f"the bot cannot post in <#{workshop.channel_id}> ({slack_code(error)})"
                raise Dropped(why) from None
            raise
        opened = job.checkins.moved(
            checkin,
            from_statuses=OPENABLE,
            status=CheckInStatus.OPEN,
            posted_ts=posted["ts"],
            option_id=option_id,
        )
        if not opened:
            job.session.rollback()
            return Done("skipped: the check-in changed while it was being posted")
        schedule_summary(job.session, workshop, checkin, summary_due)
        job.record(POSTED, posted["ts"])
    if not job.has(CONTROLS):
        job.record(CONTROLS, _tell_facilitator(job, workshop.facilitator_id, checkin_controls(view)))
    for person in raters(job.workshops, workshop):
        step = f"dm:{person.id}"
        if not job.has(step):
            job.record(step, _ask(job, person, checkin_dm(view)))
    return Done("opened late" if job.late else "opened")


def _ask(job: Job, person: Participant, message: Message) -> str:
    """The DM's ts, or why it was not sent; a person who cannot be reached does not hold up the rest."""
    try:
        channel = person.dm_channel_id or _open_dm(job, person)
        return str(post_message(job.client, channel, message)["ts"])
    except SlackApiError as error:
        code = slack_code(error)
        if code in DEACTIVATED:
            return f"skipped: {code}"
        raise


def _tell_facilitator(job: Job, user_id: str, message: Message) -> str:
    """Posting to a user id lands in the app's DM with them; a facilitator who left is skipped."""
    try:
        return str(post_message(job.client, user_id, message)["ts"])
    except SlackApiError as error:
        code = slack_code(error)
        if code in DEACTIVATED:
            return f"skipped: {code}"
        raise


def _open_dm(job: Job, person: Participant) -> str:
    channel: str = job.client.conversations_open(users=person.user_id)["channel"]["id"]
    job.session.execute(update(Participant).where(Participant.id == person.id).values(dm_channel_id=channel))
    # Now: SQLite's one write lock must not stay held while the DM is posted (other items wait on it).
    job.session.commit()
    return channel
