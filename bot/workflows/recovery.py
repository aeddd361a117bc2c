"""Finishing what a version before the outbox left undone: a workshop's announcement and invitations,
and the summary of a workshop decided then. Run once at start; what is in the outbox the
dispatcher finishes, whichever process wrote it (`bot.delivery.outbox`). Writing each is idempotent
(`announce`, `write_invitations`, `summary_written`), so running this twice writes nothing twice."""

from __future__ import annotations

import logging

from bot.process.runtime import Runtime
from bot.workflows.decision import decision_written, write_decision
from bot.workflows.fanout import write_invitations
from bot.workflows.launch import announce
from flows.errors import WorkshopError
from storage.models import WorkshopStatus

log = logging.getLogger(__name__)


def resume_unfinished(runtime: Runtime) -> int:
    """Returns how many workshops it looked after, each in a transaction of its own."""
    with runtime.sessions() as session:
        unfinished = [(w.team_id, w.id) for w in runtime.service(session).with_unfinished_posts()]
    for team_id, workshop_id in unfinished:
        try:
            with runtime.sessions.begin() as session:
                workshops = runtime.service(session)
                workshop = workshops.get(team_id, workshop_id)
                if workshop.status is WorkshopStatus.COLLECTING:
                    announce(session, workshops, workshop)
                    write_invitations(session, workshops, workshop)
                elif workshop.status is WorkshopStatus.DECIDED and not decision_written(
                    session, workshops, workshop
                ):
                    write_decision(session, workshops, workshop)
        except WorkshopError as error:
            log.warning("Workshop %s could not be resumed: %s", workshop_id, error.problem)
    return len(unfinished)
