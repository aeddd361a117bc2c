"""People's names from `users.info`, looked up side by side within a time budget: the start form's
roles step is the acknowledgement of a submission, which Slack waits 3 seconds for."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

BUDGET_SECONDS = 1.5
# users.info is Tier 4 (100+ a minute): a few at a time keeps a 50-person start well inside it.
SIDE_BY_SIDE = 8


def display_names(
    client: WebClient, user_ids: Sequence[str], budget_seconds: float = BUDGET_SECONDS
) -> dict[str, str]:
    """User id → the name Slack shows for them, for those looked up within the budget; a person
    whose lookup fails or is late is simply absent (the form labels them by number instead)."""
    if not user_ids:
        return {}
    pool = ThreadPoolExecutor(max_workers=min(SIDE_BY_SIDE, len(user_ids)), thread_name_prefix="names")
    try:
        futures = {pool.submit(_name_of, client, user_id): user_id for user_id in dict.fromkeys(user_ids)}
        done, _late = wait(futures, timeout=budget_seconds)
        names: dict[str, str] = {}
        for future in done:
            name = future.result()
            if name:
                names[futures[future]] = name
        return names
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _name_of(client: WebClient, user_id: str) -> str | None:
    try:
        user = client.users_info(user=user_id)["user"]
    except (SlackApiError, OSError) as error:
        log.info("users.info for a start form's roles step failed: %s", type(error).__name__)
        return None
    profile = user.get("profile") or {}
    for name in (
        profile.get("real_name"),
        user.get("real_name"),
        profile.get("display_name"),
        user.get("name"),
    ):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None
