"""Slack API errors, in words for the person who can fix them."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from flows.errors import NotAllowed, WorkshopError

BOT_MENTION = "@Hiring Workshop"

# Why an invitation could not reach a person, and what the facilitator can do about it.
UNREACHABLE = {
    "cannot_dm_bot": "is a bot, so it cannot answer; it was left out of the workshop",
    "user_disabled": "has a deactivated account; they were left out of the workshop",
    "user_not_found": "is not a member of this workspace; they were left out of the workshop",
    "user_not_visible": "cannot be reached by apps here; ask them to open a DM with the app",
    "messages_tab_disabled": "has turned off messages from apps; ask them to open the app's Messages tab",
}


def error_code(error: SlackApiError) -> str:
    return str(error.response.get("error", "unknown_error"))


def channel_problem(error: SlackApiError, channel_id: str) -> WorkshopError:
    code = error_code(error)
    if code in ("channel_not_found", "not_in_channel"):
        return NotAllowed(
            f"I can't post in <#{channel_id}>: it is private or I have not been added to it.",
            f"Add me with `/invite {BOT_MENTION}` in that channel, then try again.",
        )
    if code == "is_archived":
        return NotAllowed(f"<#{channel_id}> is archived.", "Run the workshop in an active channel.")
    return WorkshopError(
        f"Slack refused to post in <#{channel_id}> ({code}).", "Try again in a minute; nothing was lost."
    )


def late_answer(channel_id: str) -> WorkshopError:
    """Slack did not answer a post in time: it may have gone out all the same, so it is not repeated
    unasked, and the person who can look is told how to send it if it did not."""
    return WorkshopError(
        f"Slack did not answer in time while posting in <#{channel_id}>, so the post may not be there.",
        "If it is not, try again in a minute; nothing was lost.",
    )
