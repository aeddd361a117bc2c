"""Which failures are worth retrying, how long to wait, and telling the facilitator when one is not."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.notice import notice
from bot.workflows.slack_errors import error_code

log = logging.getLogger(__name__)

# The token no longer works: the workspace uninstalled the app (or revoked its token). Retrying
# cannot help, and Slack cannot carry a message about it either.
UNINSTALLED = frozenset({"invalid_auth", "account_inactive", "token_revoked", "not_authed"})
# The person's account is deactivated or gone; their DM answers is_archived.
DEACTIVATED = frozenset({"user_disabled", "user_not_found", "is_archived"})
# The channel cannot take the bot's posts until someone acts.
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel"})

# Slack's answers that mean "not now" rather than "never": retried, with growing waits.
TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)

WHAT = {
    "round_deadline": "closing an answering round at its deadline",
    "nudge": "a reminder to someone who has not answered",
    "checkin_open": "opening a check-in",
    "checkin_summary": "posting a check-in summary",
    "preview_reminder": "reminding you that the recommendation waits for you",
    "invitations_told": "telling you which invitations Slack refused",
    "surfaces": "bringing the invitations and App Homes up to date",
}


def retry_delay(attempts: int) -> timedelta:
    """Doubling from a minute, at most an hour: 1, 2, 4, 8… minutes."""
    delay: timedelta = FIRST_RETRY * 2 ** min(max(attempts, 0), 10)
    return min(delay, LONGEST_RETRY)


def is_transient(error: SlackApiError) -> bool:
    return error_code(error) in TRANSIENT or error.response.status_code in TRANSIENT_STATUS


def slack_code(error: BaseException) -> str | None:
    return error_code(error) if isinstance(error, SlackApiError) else None


def describe(error: BaseException) -> str:
    code = slack_code(error)
    if code is not None:
        return f"Slack answered {code}"
    return f"{type(error).__name__}: {error}"[:500]


def what_of(kind: str) -> str:
    return WHAT.get(kind, kind.replace("_", " "))


def tell_facilitator(client: WebClient, facilitator_id: str, workshop_id: int, what: str, why: str) -> None:
    """A DM: the facilitator may not be in the channel, and an ephemeral would vanish."""
    text = (
        f":warning: Workshop #{workshop_id}: {what} could not be done ({why}). "
        "Nothing stored was lost; `/hiring status` and `/hiring checkin` show where things stand."
    )
    try:
        client.chat_postMessage(channel=facilitator_id, **notice(text).to_dict())
    except SlackApiError as error:
        log.warning("Could not tell the facilitator of workshop %s: %s", workshop_id, error_code(error))
