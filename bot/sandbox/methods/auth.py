"""auth.test and apps.connections.open: who the caller is, and where Socket Mode connects."""

from __future__ import annotations

from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import JsonDict


@web_method("auth.test")
def test(context: Context, args: Args) -> JsonDict:
    team = context.team
    return {
        "ok": True,
        "url": team.url,
        "team": team.name,
        "user": "hiring_workshop",
        "team_id": team.id,
        "user_id": team.bot_user_id,
        "bot_id": team.bot_id,
        "is_enterprise_install": False,
    }


@web_method("apps.connections.open", token_type="app")
def connections_open(context: Context, args: Args) -> JsonDict:
    return {"ok": True, "url": context.issue_socket_url()}
