"""The announcement's live count: "3 of 5 have answered · due Thu 14:00", updated in place.

Items are one per workshop per minute (`bot.services.scheduling.schedule_count_update`), each rendering
the count as it stands when it runs, so a burst of answers is one update."""

from __future__ import annotations

from bot.blocks.announcement import announcement
from bot.scheduler.jobs import Done, Job, Result
from bot.workflows.invitations import recommendation_link
from bot.workflows.presenters import tally_of, workshop_view
from bot.workflows.summary import awaits_preview
from storage.models import WorkshopStatus


def update_count(job: Job) -> Result:
    workshop = job.workshop()
    ts = workshop.announcement_ts
    if ts is None:
        return Done("the announcement is not posted yet; the count goes in when it is")
    participants = job.workshops.participants(workshop.id)
    view = workshop_view(workshop, job.workshops.flow_of(workshop), participants)
    tally = tally_of(job.workshops, workshop, participants)
    link = recommendation_link(job.client, workshop) if workshop.status is WorkshopStatus.DECIDED else None
    message = announcement(view, tally, link, posted=not awaits_preview(workshop))
    job.client.chat_update(channel=workshop.channel_id, ts=ts, **message.to_dict())
    return Done(f"announcement shows {tally.answered} of {tally.invited - tally.declined}")
