"""A post from the outbox (`bot.delivery.outbox`): sent once, its ts recorded.

What Slack refused for a while (rate limits, its own errors, a connection that failed after the
client's retries) goes back to the dispatcher, which tries again later and tells the facilitator
if it never goes through. What it refused for good (an archived DM, a channel gone) is dropped and
told at once. A post Slack did not answer in time may have gone out all the same, so it is not
sent again unasked: it is dropped and told, like the rest.
"""

from __future__ import annotations

from datetime import timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update

from bot.delivery.outbox import Outbox, Post
from bot.delivery.pacing import PACER
from bot.scheduler.jobs import Defer, Done, Dropped, Job, Result
from bot.services.scheduling import ItemKind
from bot.workflows.failures import DEACTIVATED, UNINSTALLED, is_transient
from bot.workflows.refusals import TIMED_OUT, refused, reminder_refused
from bot.workflows.slack_errors import error_code
from storage.models import CheckIn, Participant, ScheduledItem, ScheduledState, Workshop

SENT = "ts"
# A post that must follow another waits this long between looks at it.
WAIT_FOR_EARLIER = timedelta(seconds=5)
UNSETTLED = (ScheduledState.PENDING, ScheduledState.CLAIMED)
TS_COLUMNS = {
    "participant.round2_dm_ts": Participant.round2_dm_ts,
    "participant.invite_ts": Participant.invite_ts,
    "checkin.posted_ts": CheckIn.posted_ts,
    "workshop.summary_ts": Workshop.summary_ts,
    "workshop.preview_ts": Workshop.preview_ts,
    "workshop.announcement_ts": Workshop.announcement_ts,
}
# Where a post that opened a DM records the DM's id, beside its ts.
DM_COLUMNS = {"participant.invite_ts": Participant.dm_channel_id}
# Said with a refusal for good that a reinstall mends.
REINSTALL = {"missing_scope": " (reinstall the app so it may do this)"}


def send_post(job: Job) -> Result:
    if job.has(SENT):
        return Done("sent")
    post = Post.model_validate(job.payload)
    for earlier in (post.after, post.thread_of, post.ts_of):
        if earlier is not None and post_state(job, earlier)[0] in UNSETTLED:
            return Defer(job.now + WAIT_FOR_EARLIER, "waiting for the post before it")
    thread_ts = post.thread_ts or (_ts_of(job, post.thread_of) if post.thread_of else None)
    PACER.wait(post.channel)
    try:
        ts, channel = _call(job, post, thread_ts)
    except SlackApiError as error:
        code = error_code(error)
        if code in UNINSTALLED:
            raise  # dropped quietly: the dispatcher knows
        if post.if_refused is not None:
            return Done(f"not sent: {refused(job.client, job.session, job.workshop(), post, code)}")
        if post.reminds is not None and code in DEACTIVATED:
            return _reminded_nobody(job, post.reminds, code)
        if is_transient(error):
            raise  # tried again later
        raise Dropped(f"Slack answered {code}{REINSTALL.get(code, '')}") from None
    except TimeoutError:
        if post.if_refused is not None:
            return Done(f"not sent: {refused(job.client, job.session, job.workshop(), post, TIMED_OUT)}")
        raise Dropped(
            "Slack did not answer in time, so it may be there; it is not sent again unasked"
        ) from None
    if post.ts_into is not None:
        column = TS_COLUMNS[post.ts_into]
        model = column.class_
        values = {column.key: ts}
        if post.open_dm:
            values[DM_COLUMNS[post.ts_into].key] = channel
        job.session.execute(update(model).where(model.id == post.row_id).values(values))
    # Recorded with the finishing update, in its commit: nothing follows the post (see `jobs`).
    return Done("sent late" if job.late else "sent", recorded={SENT: ts})


def _reminded_nobody(job: Job, participant_id: int, code: str) -> Result:
    """A reminder to an account deactivated since the invitation: marked and told once, not retried."""
    workshop = job.workshop()
    participant = job.session.get(Participant, participant_id)
    if participant is not None and participant.workshop_id == workshop.id:
        reminder_refused(job.session, Outbox(job.session, job.workshops.scope.now), workshop, participant)
    return Done(f"not sent: {code}")


def _call(job: Job, post: Post, thread_ts: str | None) -> tuple[str, str]:
    """The call, and what it made: the message's ts (or an upload's file id), and where."""
    if post.method == "upload":
        assert post.file is not None
        uploaded = job.client.files_upload_v2(
            channel=post.channel,
            thread_ts=thread_ts,
            content=post.file.content(),
            filename=post.file.filename,
            title=post.file.title,
            alt_txt=post.file.alt_text,
        )
        return str(uploaded["file"]["id"]), post.channel
    message = post.message or {}
    if post.method == "update":
        ts = post.ts or _ts_of(job, post.ts_of or "")
        channel = _conversation(job, post.channel)
        return str(job.client.chat_update(channel=channel, ts=ts, **message)["ts"]), channel
    channel = _conversation(job, post.channel) if post.open_dm else post.channel
    posted = job.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
    return str(posted["ts"]), str(posted.get("channel") or channel)


def _conversation(job: Job, channel: str) -> str:
    """chat.update wants the conversation's id: a user's id stands for the app's DM with them."""
    if channel.startswith(("U", "W")):
        return str(job.client.conversations_open(users=channel)["channel"]["id"])
    return channel


def _ts_of(job: Job, key: str) -> str:
    """The ts of the message an earlier post made; one that never went out takes with it the replies
    and edits that needed it (the facilitator was told about it)."""
    state, progress = post_state(job, key)
    ts = (progress or {}).get(SENT)
    if state is not ScheduledState.DONE or not ts:
        raise Dropped("the message it replies to was never posted", tell_facilitator=False)
    return str(ts)


def post_state(job: Job, key: str) -> tuple[ScheduledState | None, dict[str, object] | None]:
    row = job.session.execute(
        select(ScheduledItem.state, ScheduledItem.progress).where(
            ScheduledItem.team_id == job.item.team_id,
            ScheduledItem.kind == ItemKind.SEND,
            ScheduledItem.dedupe_key == key,
        )
    ).one_or_none()
    return (None, None) if row is None else (row[0], row[1])
