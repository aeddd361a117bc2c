"""Putting a workshop's timed work in the database: the hooks the workflows call.

A round gets its deadline and, for each person still taking part, nudges 48 and 4 hours before it,
moved into that person's working hours (their time zone comes from `users.info`, once, and is kept
on the participant). A decided workshop gets its check-ins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.services.guards import ANSWERING_STATUS
from bot.services.rounds import RoundOutcome
from bot.services.scheduling import (
    NUDGE_HOURS_BEFORE,
    NudgePlan,
    cancel_round,
    move_deadline,
    schedule_checkins,
    schedule_round,
)
from bot.services.working_hours import nudge_moment, zone_of
from bot.services.workshops import WorkshopService
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus

log = logging.getLogger(__name__)
# Two nudges closer than this (both moved to the same morning) would read as one nagging twice.
NUDGES_APART = timedelta(hours=2)


def plan_round(
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    round: int,
    participants: list[Participant] | None = None,
) -> None:
    """Schedule the open round's deadline and nudges; scheduling again changes nothing. Nudges go by
    each person's stored time zone (`look_up_time_zones`, before the launch writes), else by UTC."""
    deadline = workshop.deadline if round == 1 else workshop.round2_deadline
    if deadline is None:
        return
    now = workshops.scope.now()
    plans: list[NudgePlan] = []
    for participant in workshops.participants(workshop.id) if participants is None else participants:
        if participant.status is not ParticipantStatus.DECLINED:
            plans += _nudges(participant, deadline, now)
    # Round 1 is planned after the fan-out, and a quick panel can close it first: under the lock a
    # close takes, schedule only a round still open, or its deadline and nudges would outlive it.
    if not workshops.hold_open(workshop, ANSWERING_STATUS[round]):
        log.info("Workshop %s closed round %s before it was planned", workshop.id, round)
        return
    schedule_round(session, workshop, round, deadline, plans)


def plan_extension(session: Session, workshop: Workshop, round: int) -> None:
    """An extended round closes at its new deadline (the nudges already planned stay as they were)."""
    deadline = workshop.deadline if round == 1 else workshop.round2_deadline
    if deadline is not None:
        move_deadline(session, workshop, round, deadline)


def plan_after_close(session: Session, workshops: WorkshopService, outcome: RoundOutcome) -> None:
    """A closed round's leftovers are cancelled; round 2 gets its own deadline and nudges. (A decided
    workshop's check-ins are planned when its summary is published: `plan_checkins`.)"""
    workshop = outcome.workshop
    cancel_round(session, workshop.id, outcome.round_closed)
    if outcome.next_status is WorkshopStatus.ROUND2:
        # The time zones were looked up when the workshop started.
        plan_round(session, workshops, workshop, 2)


def plan_checkins(session: Session, workshop: Workshop) -> None:
    """Every path to a decision publishes the summary, so this runs there, in the deciding
    transaction (its caller commits); scheduling is idempotent, so a revised summary schedules
    nothing new."""
    schedule_checkins(session, workshop)


def _nudges(participant: Participant, deadline: datetime, now: datetime) -> list[NudgePlan]:
    zone = zone_of(participant.timezone)
    plans: list[NudgePlan] = []
    for hours in NUDGE_HOURS_BEFORE:
        target = deadline - timedelta(hours=hours)
        if target <= now:
            continue  # the round opened later than this nudge was meant for
        moment = nudge_moment(target, deadline, zone, now)
        if moment is not None and all(abs(moment - p.due_at) >= NUDGES_APART for p in plans):
            plans.append(NudgePlan(participant.id, hours, moment))
    return plans


def look_up_time_zones(client: WebClient, user_ids: Iterable[str]) -> dict[str, str | None]:
    """Each person's zone as Slack knows it, asked before a transaction writes anything."""
    return {user_id: _look_up_timezone(client, user_id) for user_id in user_ids}


def _look_up_timezone(client: WebClient, user_id: str) -> str | None:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        log.info("No time zone for a participant: %s", error.response.get("error"))
        return None
    zone = user.get("tz")
    return str(zone) if zone else None
