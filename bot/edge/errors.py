"""The one place known errors become messages for the person who can act on them."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse, Respond
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.common import Message
from bot.blocks.error import error_message, error_view
from flows.errors import WorkshopError

UNEXPECTED = (
    "Something went wrong on our side and nothing was changed.",
    "Please try again in a minute; if it keeps happening, tell whoever runs this app (its log has details).",
)
# Nothing left to do and nothing to say: Slack lets a trigger open one form, so a retried request
# finds its trigger spent by its first attempt, which opened the form; and a form update refused
# for a stale hash lost to a newer update of the same form, which is what the person sees.
OVERTAKEN = {"exchanged_trigger_id", "hash_conflict"}
# Slack keeps a click's trigger for 3 s; a form asked for later than that never opens. Nothing broke
# and the person can do something about it, so it is told as theirs to retry, not as our failure.
TOO_SLOW_TO_OPEN = (
    "That form took too long to open, and Slack stopped waiting for it.",
    "Click the button again; nothing was changed.",
)
# Set in a request's context when its acknowledgement is this error's, not its listener's: a failed
# request is not remembered as handled (`bot.edge.retries`), so its retry, or a second click, is handled.
FAILED_BEFORE_ACK = "failed_before_ack"


def register(app: App) -> None:
    app.error(render_error)


def render_error(
    error: Exception,
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    respond: Respond | None,
    response: BoltResponse | None,
    logger: logging.Logger,
) -> BoltResponse | None:
    if isinstance(error, BoltUnhandledRequestError):
        return None
    if response is not None:
        context[FAILED_BEFORE_ACK] = True
    if isinstance(error, SlackApiError) and error.response.get("error") in OVERTAKEN:
        logger.info("Overtaken by another request (%s); nothing to do", error.response.get("error"))
        return BoltResponse(status=200, body="") if response is not None else None
    if isinstance(error, WorkshopError):
        message = error_message(error.problem, error.fix)
    elif isinstance(error, SlackApiError) and error.response.get("error") == "expired_trigger_id":
        logger.warning("A form opened after its trigger expired; the person is asked to click again")
        message = error_message(*TOO_SLOW_TO_OPEN)
    else:
        logger.exception("Unexpected error while handling a Slack request", exc_info=error)
        message = error_message(*UNEXPECTED)
    if response is not None:
        # Not acknowledged yet: the acknowledgement itself carries the message, so Slack never
        # shows its own "something went wrong" and a form is not left spinning.
        reply = _acknowledgement(body, message)
        if reply is not None:
            return reply
    tell_user(message, context=context, client=client, respond=respond, logger=logger)
    return BoltResponse(status=200, body="") if response is not None else None


def _acknowledgement(body: dict[str, Any], message: Message) -> BoltResponse | None:
    if "command" in body:
        payload = {"response_type": "ephemeral", **message.to_dict()}
    elif body.get("type") == "view_submission":
        payload = {"response_action": "update", "view": error_view(message).to_dict()}
    else:
        return None
    return BoltResponse(status=200, body=json.dumps(payload), headers={"content-type": "application/json"})


def tell_user(
    message: Message,
    *,
    context: BoltContext,
    client: WebClient,
    respond: Respond | None,
    logger: logging.Logger,
) -> None:
    """Ephemeral where Slack gives us a place for it, else a DM: a person never meets silence."""
    try:
        if respond is not None and respond.response_url:
            respond(**message.to_dict(), response_type="ephemeral", replace_original=False)
        elif context.channel_id and context.user_id and not context.channel_id.startswith("D"):
            client.chat_postEphemeral(channel=context.channel_id, user=context.user_id, **message.to_dict())
        elif context.user_id:
            client.chat_postMessage(channel=context.user_id, **message.to_dict())
    except SlackApiError:
        logger.exception("Could not tell the user about an error")


def tell_in_channel(client: WebClient, channel_id: str, user_id: str, error: WorkshopError) -> None:
    """For work finished after the acknowledgement: an ephemeral where it started, else a DM."""
    message = error_message(error.problem, error.fix)
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, **message.to_dict())
    except SlackApiError:
        client.chat_postMessage(channel=user_id, **message.to_dict())
