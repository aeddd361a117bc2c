"""Whether a person may act for the whole workspace."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from storage.models import Workshop


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))


def acts_as_admin(client: WebClient, workshop: Workshop, user_id: str) -> bool:
    """Whether someone other than the workshop's facilitator is a workspace admin. Slack is asked only
    then: the facilitator needs no admin rights, and most clicks are theirs."""
    return user_id != workshop.facilitator_id and is_workspace_admin(client, user_id)
