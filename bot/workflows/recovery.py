"""Finishing what a stopped process left undone: announcements and invitations, and the summary of
a workshop decided before the summary went through the outbox (what is in the outbox the
dispatcher finishes).

Run at start and then now and again: each post is claimed first (`bot.workflows.claims`), so a
post a live instance is making is left alone, and one a dead process claimed is taken over once
its lease has run out."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient

from bot.process.runtime import Runtime
from bot.workflows.fanout import deliver_invitations
from bot.workflows.launch import announce
from bot.workflows.summary import summary_written, write_summary
from flows.errors import WorkshopError
from storage.models import WorkshopStatus

log = logging.getLogger(__name__)


def resume_unfinished(runtime: Runtime, client_for_team: Callable[[str], WebClient]) -> int:
    """Returns how many workshops it looked after. Each workspace is reached with its own client."""
    with runtime.sessions() as session:
        workshops = runtime.service(session)
        unfinished = workshops.with_unfinished_posts()
        for workshop in unfinished:
            try:
                client = client_for_team(workshop.team_id)
                if workshop.status is WorkshopStatus.COLLECTING:
                    announce(client, session, workshops, workshop)
                    deliver_invitations(client, session, workshops, workshop.team_id, workshop.id)
                elif workshop.status is WorkshopStatus.DECIDED and not summary_written(
                    session, workshops, workshop
                ):
                    # Decided by a version before the summary went through the outbox.
                    write_summary(session, workshops, workshop)
                    session.commit()
            except WorkshopError as error:
                session.rollback()
                log.warning("Workshop %s could not be resumed: %s", workshop.id, error.problem)
        return len(unfinished)
