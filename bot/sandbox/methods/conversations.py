"""conversations.open, conversations.info and conversations.members."""

from __future__ import annotations

import base64
import binascii

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import Channel, JsonDict
from bot.sandbox.serialize import channel_json

MPIM_USERS_LIMIT = 8
MEMBERS_PAGE_LIMIT = 1000


def _dm_partners(context: Context, raw: str) -> list[str]:
    user_ids = [user_id.strip() for user_id in raw.split(",") if user_id.strip()]
    if len(user_ids) > MPIM_USERS_LIMIT:
        raise SlackError("too_many_users")
    for user_id in user_ids:
        user = context.workspace.users.get((context.team.id, user_id))
        if user is None:
            raise SlackError("user_not_found")
        if user.deleted:
            raise SlackError("user_disabled")
        if user.is_bot:
            raise SlackError("cannot_dm_bot")
    return user_ids


def _group_dm(context: Context, user_ids: list[str]) -> tuple[Channel, bool]:
    members = sorted({*user_ids, context.team.bot_user_id})
    for channel in context.workspace.channels.values():
        if channel.team_id == context.team.id and channel.is_mpim and sorted(channel.members) == members:
            return channel, True
    names = [context.workspace.users[(context.team.id, user_id)].name for user_id in user_ids]
    channel = Channel(
        id=context.workspace.ids.slack_id("G"),
        team_id=context.team.id,
        name=f"mpdm-{'--'.join(names)}-1",
        members=members,
        created=int(context.now),
        is_private=True,
        is_mpim=True,
    )
    context.workspace.channels[channel.id] = channel
    return channel, False


@web_method("conversations.open")
def open_conversation(context: Context, args: Args) -> JsonDict:
    if args.string("channel"):
        channel = context.workspace.channel_in(context.team.id, args.required("channel"))
        if channel is None or not (channel.is_im or channel.is_mpim):
            raise SlackError("channel_not_found")
        already_open = True
    else:
        user_ids = _dm_partners(context, args.required("users", error="users_list_not_supplied"))
        if len(user_ids) == 1:
            context.require_scope("im:write")
            existing = context.workspace.dm_with(context.team.id, user_ids[0], create=False)
            channel = existing or context.workspace.dm_with(context.team.id, user_ids[0])
            assert channel is not None
            already_open = existing is not None
        else:
            context.require_scope("mpim:write")
            channel, already_open = _group_dm(context, user_ids)
    body: JsonDict = {"ok": True, "channel": {"id": channel.id}}
    if args.flag("return_im"):
        body["channel"] = channel_json(channel, bot_user_id=context.team.bot_user_id)
    if already_open:
        body.update(no_op=True, already_open=True)
    return body


def _visible_channel(context: Context, args: Args) -> Channel:
    channel = context.workspace.channel_in(
        context.team.id, args.required("channel", error="channel_not_found")
    )
    if channel is None or (channel.is_private and context.team.bot_user_id not in channel.members):
        raise SlackError("channel_not_found")
    if channel.is_im:
        context.require_scope("im:read")
    elif channel.is_mpim:
        context.require_scope("mpim:read")
    else:
        context.require_scope("groups:read" if channel.is_private else "channels:read")
    return channel


@web_method("conversations.info")
def info(context: Context, args: Args) -> JsonDict:
    channel = _visible_channel(context, args)
    im_user = context.workspace.users.get((channel.team_id, channel.im_user or ""))
    body = channel_json(
        channel, bot_user_id=context.team.bot_user_id, user_deleted=bool(im_user and im_user.deleted)
    )
    if args.flag("include_num_members") and not channel.is_im:
        body["num_members"] = len(channel.members)
    return {"ok": True, "channel": body}


def _cursor_for(member_id: str) -> str:
    return base64.b64encode(f"user:{member_id}".encode()).decode()


def _page_start(members: list[str], cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        prefix, _, member_id = base64.b64decode(cursor, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    if prefix != "user" or member_id not in members:
        raise SlackError("invalid_cursor")
    return members.index(member_id)


@web_method("conversations.members")
def members(context: Context, args: Args) -> JsonDict:
    channel = _visible_channel(context, args)
    limit = min(max(args.integer("limit", 100), 1), MEMBERS_PAGE_LIMIT)
    start = _page_start(channel.members, args.string("cursor"))
    page = channel.members[start : start + limit]
    rest = channel.members[start + limit :]
    return {
        "ok": True,
        "members": page,
        "response_metadata": {"next_cursor": _cursor_for(rest[0]) if rest else ""},
    }
