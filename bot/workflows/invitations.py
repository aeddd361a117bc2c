"""Invitations (and round-2 messages) that stay true: once a round closes, each says so and offers
nothing more to click; once the recommendation is posted, each links to it.

Each is a `chat.update` of a message already posted, so doing it twice shows the same thing: a
retried close or a recovery pass may repeat it harmlessly. A refusal is logged and skipped; the
workshop goes on (the button it would have removed answers with the closed-round notice)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.invite import invite_dm_closed, invite_dm_done
from bot.blocks.viewmodels import Outcome
from bot.delivery.outbox import Outbox, post_key
from bot.services.answers import AnswerService
from bot.services.workshops import WorkshopService
from bot.workflows.presenters import participant_view, workshop_view
from storage.models import Participant, ParticipantStatus, Workshop, WorkshopStatus

log = logging.getLogger(__name__)

CLOSED_ROUNDS = {
    WorkshopStatus.ROUND2: (1,),
    WorkshopStatus.DECIDING: (1, 2),
    WorkshopStatus.DECIDED: (1, 2),
}


# A message's permalink never changes: each process asks Slack once per recommendation (App Homes
# are rebuilt often), holding at most this many.
_PERMALINKS: dict[tuple[str, str], str] = {}
MOST_REMEMBERED = 4096


def recommendation_link(client: WebClient, workshop: Workshop) -> str | None:
    """The posted recommendation's permalink; None before it is posted or when Slack cannot say."""
    if workshop.summary_ts is None:
        return None
    key = (workshop.channel_id, workshop.summary_ts)
    if key in _PERMALINKS:
        return _PERMALINKS[key]
    try:
        found = client.chat_getPermalink(channel=workshop.channel_id, message_ts=workshop.summary_ts)
    except (SlackApiError, OSError) as error:
        log.info("No permalink for workshop %s's recommendation: %s", workshop.id, type(error).__name__)
        return None
    link = found.get("permalink")
    if not isinstance(link, str):
        return None
    if len(_PERMALINKS) >= MOST_REMEMBERED:
        _PERMALINKS.clear()
    _PERMALINKS[key] = link
    return link


def refresh_invitations(client: WebClient, workshops: WorkshopService, workshop: Workshop) -> int:
    """Bring every invitation of the workshop's closed rounds up to date; returns how many changed."""
    rounds = CLOSED_ROUNDS.get(workshop.status, ())
    if not rounds:
        return 0
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    link = recommendation_link(client, workshop) if workshop.status is WorkshopStatus.DECIDED else None
    changed = 0
    for person in participants:
        if person.dm_channel_id is None or person.status is ParticipantStatus.DECLINED:
            continue
        for round, ts in ((1, person.invite_ts), (2, person.round2_dm_ts)):
            if round not in rounds or ts is None or ts.startswith("failed:"):
                continue
            took_part = _took_part(workshops, workshop, person, round)
            message = invite_dm_closed(view, participant_view(person), round, took_part, link)
            try:
                client.chat_update(channel=person.dm_channel_id, ts=ts, **message.to_dict())
                changed += 1
            except (SlackApiError, OSError) as error:
                log.warning(
                    "Updating an invitation of workshop %s failed: %s", workshop.id, type(error).__name__
                )
    return changed


def _took_part(workshops: WorkshopService, workshop: Workshop, person: Participant, round: int) -> bool:
    if round == 1:
        return person.status in (ParticipantStatus.ANSWERED, ParticipantStatus.ANSWERING)
    return bool(AnswerService(workshops.scope).current_answers(workshop.id, person.id, 2))


def mark_invitation_done(
    session: Session, workshops: WorkshopService, workshop: Workshop, person: Participant, done: Outcome
) -> None:
    """Once this transaction commits, the person's invitation says they have `done` (answered,
    declined) and offers nothing more to click."""
    if person.invite_ts is None or person.dm_channel_id is None:
        return  # never delivered: nothing to change
    view = workshop_view(workshop, workshops.flow_of(workshop), workshops.participants(workshop.id))
    Outbox(session, workshops.scope.now).update(
        workshop,
        post_key(workshop, f"invite-p{person.id}-{done}"),
        person.dm_channel_id,
        invite_dm_done(view, participant_view(person), done),
        "marking your invitation as done",
        ts=person.invite_ts,
    )
