"""The facilitator's reminder, 24 hours after the preview (or after "Not yet"), that the
recommendation still waits for them."""

from __future__ import annotations

from bot.blocks.preview import preview_reminder
from bot.delivery.pacing import post_message
from bot.scheduler.jobs import Done, Job, Result
from storage.models import WorkshopStatus

SENT = "sent"


def remind_of_preview(job: Job) -> Result:
    if job.has(SENT):
        return Done("sent")
    workshop = job.workshop()
    if workshop.status is not WorkshopStatus.DECIDED:
        return Done(f"skipped: the workshop is {workshop.status}")
    if workshop.preview_approved_at is not None or workshop.summary_ts is not None:
        return Done("skipped: already posted")
    posted = post_message(
        job.client, workshop.facilitator_id, preview_reminder(workshop.id, workshop.channel_id)
    )
    # Recorded with the finishing update, in its commit: nothing follows the post (see `jobs`).
    return Done("sent late" if job.late else "sent", recorded={SENT: posted["ts"]})
