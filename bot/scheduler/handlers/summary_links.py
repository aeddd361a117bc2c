"""Once the recommendation is out, the invitations and App Homes link to it: run after the summary's
posts (`bot.workflows.summary`), since the link needs the posted message's ts."""

from __future__ import annotations

from bot.scheduler.handlers.send import UNSETTLED, WAIT_FOR_EARLIER, post_state
from bot.scheduler.jobs import Defer, Done, Job, Result
from bot.workflows.home import refresh_homes
from bot.workflows.invitations import refresh_invitations


def link_summary(job: Job) -> Result:
    after = job.payload.get("after")
    if isinstance(after, str) and post_state(job, after)[0] in UNSETTLED:
        return Defer(job.now + WAIT_FOR_EARLIER, "waiting for the summary's posts")
    workshop = job.workshop()
    refresh_invitations(job.client, job.workshops, workshop)
    people = [p.user_id for p in job.workshops.participants(workshop.id)]
    refresh_homes(
        job.client, job.session, job.workshops, workshop.team_id, [*people, workshop.facilitator_id]
    )
    return Done("linked" if workshop.summary_ts else "nothing posted to link")
