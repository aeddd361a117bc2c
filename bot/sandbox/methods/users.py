"""users.info."""

from __future__ import annotations

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import JsonDict
from bot.sandbox.serialize import user_json


@web_method("users.info")
def info(context: Context, args: Args) -> JsonDict:
    context.require_scope("users:read")
    user = context.workspace.users.get((context.team.id, args.required("user", error="user_not_found")))
    if user is None:
        raise SlackError("user_not_found")
    body = user_json(user, now=context.now, with_email="users:read.email" in context.team.scopes)
    if args.flag("include_locale"):
        body["locale"] = "en-US"
    return {"ok": True, "user": body}
