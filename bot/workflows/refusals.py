"""An invitation or announcement Slack refused: recorded, and told to the facilitator at once with
what to do, rather than retried unasked. `/hiring remind` sends it again (`bot.workflows.fanout`,
`bot.workflows.launch`); someone Slack can never reach is left out, so no round waits for them."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks.notice import notice
from bot.delivery.outbox import Outbox, Post, post_key
from bot.workflows.slack_errors import UNREACHABLE
from storage.base import rowcount
from storage.models import Participant, ParticipantStatus, Workshop

log = logging.getLogger(__name__)
TIMED_OUT = "timed_out"
DEACTIVATED_MARK = "user_disabled"  # Participant.delivery_error, as the fan-out records it


def refused(client: WebClient, session: Session, workshop: Workshop, post: Post, code: str) -> str:
    """Record the refusal of `post` (uncommitted); returns the reason. An announcement's is told at
    once; the invitations' together, once each of them has gone or been refused (`told_invitations`)."""
    if post.if_refused == "invitation" and post.row_id is not None:
        _invitation_refused(session, post.row_id, code)
    else:
        tell_facilitator(client, workshop, f":warning: {_announcement_refused(workshop, code)}")
    return code


def told_invitations(client: WebClient, workshop: Workshop, refusals: list[Participant]) -> None:
    """One note naming everyone whose invitation Slack refused, and what to do about each."""
    lines = "\n".join(f"• {_invitation_problem(person)}" for person in refusals)
    text = f":warning: Not everyone could be invited to workshop #{workshop.id}:\n{lines}"
    tell_facilitator(client, workshop, text)


def _invitation_refused(session: Session, participant_id: int, code: str) -> None:
    values: dict[str, object] = {"invite_ts": None, "delivery_error": code}
    if code in UNREACHABLE:
        # They can never answer: out of the panel, so the round is not left waiting for them.
        values["status"] = ParticipantStatus.DECLINED
    else:
        # The workshop, not the person: a participant's id would tie the log to their answers.
        log.warning("An invitation failed: %s", code)
    session.execute(update(Participant).where(Participant.id == participant_id).values(values))


def _invitation_problem(person: Participant) -> str:
    code = person.delivery_error or "unknown_error"
    mention = f"<@{person.user_id}>"
    reason = UNREACHABLE.get(code)
    if reason is not None:
        return f"{mention} {reason}."
    if code == TIMED_OUT:
        return (
            f"{mention} may not have received the invitation: Slack did not answer in time. "
            "If they have not, run `/hiring remind` to send it again."
        )
    return (
        f"{mention} could not be reached ({code}). "
        "Run `/hiring remind` to try again; nothing else was affected."
    )


def _announcement_refused(workshop: Workshop, code: str) -> str:
    where = f"<#{workshop.channel_id}>"
    if code == TIMED_OUT:
        return (
            f"Slack did not answer in time while posting the announcement in {where}, so it may not be "
            "there. If it is not, run `/hiring remind` in a minute to post it; nothing was lost."
        )
    return (
        f"Workshop #{workshop.id} started, but posting its announcement in {where} failed (Slack answered "
        f"{code}). Everyone is still invited. Once the channel takes posts, run `/hiring remind` to post it."
    )


def tell_facilitator(client: WebClient, workshop: Workshop, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=workshop.channel_id, user=workshop.facilitator_id, text=text)
    except SlackApiError:
        # The channel may be gone; a DM still reaches the facilitator.
        try:
            client.chat_postMessage(channel=workshop.facilitator_id, text=text)
        except SlackApiError as error:
            log.warning(
                "Could not tell the facilitator of workshop %s: %s", workshop.id, error.response.get("error")
            )


def reminder_refused(session: Session, outbox: Outbox, workshop: Workshop, participant: Participant) -> None:
    """A reminder to a deactivated account: mark the person (as the fan-out would have) and tell the
    facilitator, both once, in the transaction that found it out."""
    marked = session.execute(
        update(Participant)
        .where(Participant.id == participant.id, Participant.delivery_error.is_(None))
        .values(delivery_error=DEACTIVATED_MARK)
        .execution_options(synchronize_session=False)
    )
    if not rowcount(marked):
        return
    text = (
        f":warning: <@{participant.user_id}> has a deactivated Slack account, so they were not "
        f"reminded about workshop #{workshop.id}. The round closes at its deadline without them, "
        "or close it now with `/hiring close`."
    )
    key = post_key(workshop, f"deactivated-p{participant.id}")
    outbox.post(workshop, key, workshop.facilitator_id, notice(text), "the news of a deactivated account")
