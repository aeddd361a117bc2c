"""Whether a person may act for the whole workspace."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))
