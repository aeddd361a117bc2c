"""Closing an answering round and telling everyone what happens next. Only the request whose
conditional update closed the round gets an outcome, so exactly one instance publishes it."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.common import Message
from bot.blocks.named import named_answers
from bot.blocks.notice import facilitator_prompt, notice
from bot.blocks.round2 import round2_dm
from bot.pacing import post_message
from bot.presenters import workshop_view
from bot.scheduler.planning import plan_after_close
from bot.workflows.home import refresh_homes
from bot.workflows.summary import publish_summary
from storage.models import ParticipantStatus, Workshop, WorkshopStatus
from storage.service import RoundOutcome, WorkshopService

log = logging.getLogger(__name__)
ROUND2_LENGTH = timedelta(hours=48)


def close_if_everyone_answered(
    client: WebClient, session: Session, workshops: WorkshopService, workshop: Workshop, round: int
) -> RoundOutcome | None:
    if not workshops.all_answered(workshop.id, round):
        return None
    return close_and_publish(client, session, workshops, workshop, by_user=None, round=round)


def close_and_publish(
    client: WebClient,
    session: Session,
    workshops: WorkshopService,
    workshop: Workshop,
    *,
    by_user: str | None,
    is_admin: bool = False,
    round: int | None = None,
) -> RoundOutcome | None:
    outcome = workshops.close_round(
        workshop.team_id, workshop.id, by_user=by_user, is_admin=is_admin, round=round
    )
    if outcome is None:
        session.rollback()
        return None
    if outcome.next_status is WorkshopStatus.ROUND2:
        outcome.workshop.round2_deadline = workshops.now() + ROUND2_LENGTH
    session.commit()
    plan_after_close(client, session, workshops, outcome)
    publish_outcome(client, session, workshops, outcome)
    return outcome


def publish_outcome(
    client: WebClient, session: Session, workshops: WorkshopService, outcome: RoundOutcome
) -> None:
    workshop = outcome.workshop
    participants = workshops.workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    disputed = len(outcome.disputed_question_ids)
    if outcome.next_status is WorkshopStatus.DECIDED:
        publish_summary(client, session, workshops, workshop)
    elif outcome.next_status is WorkshopStatus.ROUND2:
        _post(
            client,
            workshop.channel_id,
            notice(
                f"Round 1 of workshop #{workshop.id} is closed. The panel disagreed on {disputed} "
                f"question{'s' if disputed != 1 else ''}; everyone now reviews them anonymously in round 2."
            ),
        )
        deadline = workshop.round2_deadline or workshops.now() + ROUND2_LENGTH
        for participant in participants:
            if participant.status is ParticipantStatus.DECLINED or participant.dm_channel_id is None:
                continue
            _post(client, participant.dm_channel_id, round2_dm(view, disputed, deadline))
    elif outcome.next_status is WorkshopStatus.DECIDING:
        _post(
            client,
            workshop.channel_id,
            notice(
                f"Round 2 of workshop #{workshop.id} is closed. {disputed} question"
                f"{'s are' if disputed != 1 else ' is'} still disputed; the facilitator "
                f"<@{workshop.facilitator_id}> will settle them before the recommendation is posted."
            ),
        )
        _post(client, workshop.facilitator_id, facilitator_prompt(view, disputed))
    if not workshop.anonymous:
        _tell_facilitator_who_said_what(client, workshops, workshop, outcome)
    refresh_homes(
        client,
        session,
        workshops,
        workshop.team_id,
        [p.user_id for p in participants] + [workshop.facilitator_id],
    )


def _post(client: WebClient, channel: str, message: Message) -> None:
    try:
        post_message(client, channel, message)
    except SlackApiError as error:
        log.warning("Could not post to %s: %s", channel, error.response.get("error"))


def _tell_facilitator_who_said_what(
    client: WebClient, workshops: WorkshopService, workshop: Workshop, outcome: RoundOutcome
) -> None:
    flow = workshops.flow_of(workshop)
    asked = list(outcome.disputed_question_ids)
    if outcome.round_closed == 1:
        asked += [q.id for q in flow.questions if q.kind == "free_text"]
    answers = {
        p.user_id: workshops.current_answers(workshop.id, p.id, 1)
        | workshops.current_answers(workshop.id, p.id, outcome.round_closed)
        for p in workshops.workshops.participants(workshop.id)
    }
    for message in named_answers(flow, workshop.id, asked, answers, outcome.round_closed):
        _post(client, workshop.facilitator_id, message)
