"""Inviting each stakeholder by DM, once: a fan-out cut short is resumed, never repeated."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.invite import invite_dm
from bot.services.workshops import WorkshopService
from bot.services.workspaces import is_stopped
from bot.workflows import claims
from bot.workflows.presenters import participant_view, workshop_view
from bot.workflows.slack_errors import UNREACHABLE, error_code
from storage.models import Participant, ParticipantStatus, Workshop

log = logging.getLogger(__name__)
TIMED_OUT = "timed_out"


def deliver_invitations(
    client: WebClient, session: Session, workshops: WorkshopService, team_id: str, workshop_id: int
) -> list[str]:
    """Invite everyone not yet invited; returns the problems the facilitator has been told about."""
    workshop = workshops.get(team_id, workshop_id)
    participants = workshops.participants(workshop.id)
    view = workshop_view(workshop, workshops.flow_of(workshop), participants)
    problems: list[str] = []
    for participant in participants:
        if is_stopped(session, team_id):
            # Uninstalled, or its token revoked, meanwhile: nobody else is invited.
            log.info("Stopped inviting to workshop %s: its workspace has stopped", workshop.id)
            break
        if participant.delivery_error is not None:
            continue
        if not claims.claim(
            session, Participant.invite_ts, participant.id, now=workshops.scope.now().timestamp()
        ):
            continue  # invited already, or another request is inviting this person right now
        try:
            dm = client.conversations_open(users=participant.user_id)["channel"]["id"]
            posted = client.chat_postMessage(
                channel=dm, **invite_dm(view, participant_view(participant)).to_dict()
            )
        except SlackApiError as error:
            problems.append(_record_failure(session, participant, error_code(error)))
            continue
        except TimeoutError:
            # Slack did not answer in time: the invitation may have arrived all the same, so it is
            # not sent again unasked; the facilitator can resend it.
            problems.append(_record_failure(session, participant, TIMED_OUT))
            continue
        claims.settle(session, Participant.invite_ts, participant.id, posted["ts"], dm_channel_id=dm)
    if problems:
        tell_facilitator(client, workshop, problems)
    return problems


def tell_facilitator(client: WebClient, workshop: Workshop, problems: list[str]) -> None:
    text = ":warning: Not everyone could be invited to workshop #{}:\n{}".format(
        workshop.id, "\n".join(f"• {p}" for p in problems)
    )
    try:
        client.chat_postEphemeral(channel=workshop.channel_id, user=workshop.facilitator_id, text=text)
    except SlackApiError:
        # The channel may be gone; a DM still reaches the facilitator.
        client.chat_postMessage(channel=workshop.facilitator_id, text=text)


def _record(session: Session, participant: Participant, **values: object) -> None:
    session.execute(update(Participant).where(Participant.id == participant.id).values(**values))
    session.commit()


def _record_failure(session: Session, participant: Participant, code: str) -> str:
    reason = UNREACHABLE.get(code)
    if reason is not None:
        # They can never answer: out of the panel, so the round is not left waiting for them.
        _record(session, participant, invite_ts=None, delivery_error=code, status=ParticipantStatus.DECLINED)
        return f"<@{participant.user_id}> {reason}."
    # The workshop, not the person: a participant's id would tie the log to their answers.
    log.warning("An invitation to workshop %s failed: %s", participant.workshop_id, code)
    _record(session, participant, invite_ts=None, delivery_error=code)
    if code == TIMED_OUT:
        return (
            f"<@{participant.user_id}> may not have received the invitation: Slack did not answer in time. "
            "If they have not, run `/hiring remind` to send it again."
        )
    return (
        f"<@{participant.user_id}> could not be reached ({code}). "
        "Run `/hiring remind` to try again; nothing else was affected."
    )
