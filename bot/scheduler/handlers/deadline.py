"""A round's deadline: close it, unless it closed already (everyone answered, or the facilitator)."""

from __future__ import annotations

from bot.scheduler.jobs import Done, Job, Result
from bot.services.guards import ANSWERING_STATUS
from bot.workflows.rounds import close_and_publish
from bot.workflows.withheld import Held


def close_at_deadline(job: Job) -> Result:
    workshop = job.workshop()
    round = int(job.payload["round"])
    if workshop.status is not ANSWERING_STATUS.get(round):
        return Done(f"round {round} had already closed")
    # close_round's conditional update lets one caller close the round; the others get None.
    outcome = close_and_publish(job.client, job.session, job.workshops, workshop, by_user=None, round=round)
    if outcome is None:
        return Done(f"round {round} was closed by someone else first")
    if isinstance(outcome, Held):
        return Done(f"round {round} stays open: too few answered to show the result anonymously")
    return Done(f"closed round {round}" + (" late: the app was offline at the deadline" if job.late else ""))
