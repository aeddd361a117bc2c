"""After a batch of invitations has gone out (`bot.workflows.fanout`), one note to the facilitator
naming everyone Slack refused, rather than one note a person."""

from __future__ import annotations

from bot.scheduler.handlers.send import SENT, UNSETTLED, WAIT_FOR_EARLIER, post_state
from bot.scheduler.jobs import Defer, Done, Job, Result
from bot.workflows.refusals import told_invitations


def tell_refused_invitations(job: Job) -> Result:
    invitations: dict[str, int] = job.payload["invitations"]
    refused: list[int] = []
    for key, participant_id in invitations.items():
        state, progress = post_state(job, key)
        if state in UNSETTLED:
            return Defer(job.now + WAIT_FOR_EARLIER, "waiting for the invitations to go out")
        if not (progress or {}).get(SENT):
            refused.append(participant_id)
    people = [p for p in job.workshops.participants(job.workshop().id) if p.id in refused]
    people = [p for p in people if p.delivery_error is not None]  # sent again meanwhile: not refused
    if not people:
        return Done("every invitation went out")
    told_invitations(job.client, job.workshop(), people)
    return Done(f"told the facilitator of {len(people)} refused invitation(s)")
