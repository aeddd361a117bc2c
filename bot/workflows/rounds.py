"""Closing an answering round and telling everyone what happens next. Only the request whose
conditional update closed the round gets an outcome; what it posts is written to the outbox in the
same commit (`bot.workflows.round_posts`), so a crash after the commit loses none of it and no
retry, instance or restart posts any of it twice. Nothing here commits: the caller's unit of work
does, with the answers or the click that closed the round."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.services.rounds import RoundOutcome, RoundService
from bot.services.workshops import WorkshopService
from bot.workflows.announcement import count_changed
from bot.workflows.decision import write_decision
from bot.workflows.home import refresh_homes
from bot.workflows.planning import plan_after_close
from bot.workflows.round_posts import write_round_news
from bot.workflows.surfaces import refresh_surfaces
from bot.workflows.withheld import Held, hold_back, open_round
from flows.errors import TooFewToShow
from storage.models import Workshop, WorkshopStatus

ROUND2_LENGTH = timedelta(hours=48)


def after_answering(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop_ref: tuple[str, int],
    round: int,
    people: list[str],
) -> None:
    """Once an answer has committed: close the round if it was the last, and refresh the App Homes of
    `people` (the person who answered, and the facilitator)."""
    workshop = workshops.get(*workshop_ref)
    close_if_everyone_answered(client, session, workshops, workshop, round)
    refresh_homes(client, session, workshops, workshop.team_id, people)


def close_if_everyone_answered(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop, round: int
) -> RoundOutcome | Held | None:
    if not RoundService(workshops.scope).all_answered(workshop.id, round):
        return None
    # Quietly: with too few answers the round waits for its deadline, which tells the channel once,
    # rather than a notice at every change of an answer.
    return close_and_publish(client, session, workshops, workshop, by_user=None, round=round, quiet=True)


def close_and_publish(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    by_user: str | None,
    is_admin: bool = False,
    round: int | None = None,
    quiet: bool = False,
) -> RoundOutcome | Held | None:
    """Close the round and publish what follows; `Held` when too few answered to show the result
    anonymously (the round stays open, and unless `quiet` the channel and facilitator are told)."""
    try:
        outcome = RoundService(workshops.scope).close_round(
            workshop.team_id, workshop.id, by_user=by_user, is_admin=is_admin, round=round
        )
    except TooFewToShow:
        # Nothing was changed but the workshop's lock, which the caller's commit lets go.
        held = Held(workshop, round or open_round(workshop))
        if not quiet:
            hold_back(session, workshops, workshop, held.round)
        return held
    if outcome is None:
        return None
    if outcome.next_status is WorkshopStatus.ROUND2:
        outcome.workshop.round2_deadline = workshops.scope.now() + ROUND2_LENGTH
    write_round_news(session, workshops, outcome.workshop, outcome.round_closed)
    count_changed(session, workshops, outcome.workshop)
    if outcome.next_status is WorkshopStatus.DECIDED:
        write_decision(session, workshops, outcome.workshop)
    plan_after_close(session, workshops, outcome)
    refresh_surfaces(session, workshops, outcome.workshop, f"round{outcome.round_closed}-closed")
    return outcome
