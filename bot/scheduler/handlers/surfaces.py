"""The invitations and App Homes of a workshop, refreshed after a change (`bot.workflows.surfaces`);
after the post the change waits for, when it names one (a link to the recommendation needs its ts)."""

from __future__ import annotations

from bot.scheduler.handlers.send import UNSETTLED, WAIT_FOR_EARLIER, post_state
from bot.scheduler.jobs import Defer, Done, Job, Result
from bot.workflows.home import refresh_homes
from bot.workflows.invitations import refresh_invitations


def refresh(job: Job) -> Result:
    after = job.payload.get("after")
    if isinstance(after, str) and post_state(job, after)[0] in UNSETTLED:
        return Defer(job.now + WAIT_FOR_EARLIER, "waiting for the post it follows")
    workshop = job.workshop()
    refresh_invitations(job.client, job.workshops, workshop)
    people = job.payload.get("people")
    if not isinstance(people, list):
        people = [p.user_id for p in job.workshops.participants(workshop.id)] + [workshop.facilitator_id]
    refresh_homes(job.client, job.session, job.workshops, workshop.team_id, people)
    return Done("refreshed")
