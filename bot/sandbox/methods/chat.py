"""chat.postMessage, chat.postEphemeral, chat.update, chat.delete and chat.getPermalink."""

from __future__ import annotations

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.methods.content import Content, checked_content
from bot.sandbox.model import Channel, JsonDict, Message, MessageVersion
from bot.sandbox.serialize import message_json


def _content(context: Context, args: Args) -> Content:
    ids = context.workspace.ids
    blocks = args.json_value("blocks", bad_format="invalid_blocks_format")
    attachments = args.json_value("attachments", bad_format="invalid_attachments")
    return checked_content(args.get("text"), blocks, attachments, ids)


def _channel(context: Context, channel_id: str) -> Channel:
    """The conversation a bot can see: its own DMs, public channels, private ones it belongs to. A user
    id stands for the bot's DM with that person, as in Slack."""
    workspace = context.workspace
    if channel_id[:1] in ("U", "W") and (context.team.id, channel_id) in workspace.users:
        channel = workspace.dm_with(context.team.id, channel_id)
    else:
        channel = workspace.channel_in(context.team.id, channel_id)
    if channel is None or (channel.is_private and context.team.bot_user_id not in channel.members):
        raise SlackError("channel_not_found")
    return channel


def _writable_channel(context: Context, channel_id: str) -> Channel:
    channel = _channel(context, channel_id)
    im_user = context.workspace.users.get((channel.team_id, channel.im_user or ""))
    if channel.is_archived or (im_user is not None and im_user.deleted):
        raise SlackError("is_archived")
    public_without_joining = not channel.is_private and "chat:write.public" in context.team.scopes
    if context.team.bot_user_id not in channel.members and not public_without_joining:
        raise SlackError("not_in_channel")
    return channel


def _bots_message(context: Context, args: Args, *, ts_field: str) -> tuple[Channel, Message]:
    channel = _channel(context, args.required("channel", error="channel_not_found"))
    message = context.workspace.message(channel, args.required(ts_field, error="message_not_found"))
    if message is None:
        raise SlackError("message_not_found")
    return channel, message


def _answer(context: Context, channel: Channel, message: Message) -> JsonDict:
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message.ts,
        "message": message_json(message, context.team, context.workspace.app_id),
    }


@web_method("chat.postMessage")
def post_message(context: Context, args: Args) -> JsonDict:
    context.require_scope("chat:write")
    channel = _writable_channel(context, args.required("channel", error="channel_not_found"))
    content = _content(context, args)
    thread_ts = args.string("thread_ts")
    parent = context.workspace.message(channel, thread_ts) if thread_ts else None
    message = context.workspace.post_message(
        channel,
        user=context.team.bot_user_id,
        bot_id=context.team.bot_id,
        text=content.text or "",
        blocks=content.blocks or [],
        attachments=content.attachments,
        # Slack posts a reply to a reply into the parent's thread, and ignores an unknown thread_ts.
        thread_ts=(parent.thread_ts or parent.ts) if parent else None,
        metadata=args.json_value("metadata", bad_format="invalid_metadata_format"),
    )
    return _answer(context, channel, message)


@web_method("chat.postEphemeral")
def post_ephemeral(context: Context, args: Args) -> JsonDict:
    context.require_scope("chat:write")
    channel = _writable_channel(context, args.required("channel", error="channel_not_found"))
    user_id = args.required("user", error="user_not_found")
    user = context.workspace.users.get((context.team.id, user_id))
    if user is None:
        raise SlackError("user_not_found")
    if user_id not in channel.members:
        raise SlackError("user_not_in_channel")
    content = _content(context, args)
    ephemeral = context.workspace.post_ephemeral(channel, user_id, content.text or "", content.blocks or [])
    ephemeral.thread_ts = args.string("thread_ts")
    return {"ok": True, "message_ts": ephemeral.ts}


@web_method("chat.update")
def update(context: Context, args: Args) -> JsonDict:
    context.require_scope("chat:write")
    channel, message = _bots_message(context, args, ts_field="ts")
    if message.bot_id != context.team.bot_id:
        raise SlackError("cant_update_message")
    if channel.is_archived:
        raise SlackError("is_archived")
    content = _content(context, args)
    message.history.append(MessageVersion(message.text, message.blocks, context.now))
    # Slack keeps what the call leaves out: no `blocks` keeps the old blocks, an empty list drops them.
    message.text = content.text if content.text is not None else message.text
    message.blocks = content.blocks if content.blocks is not None else message.blocks
    message.attachments = content.attachments or message.attachments
    message.edited_ts = context.workspace.ids.message_ts(context.now)
    return {**_answer(context, channel, message), "text": message.text}


@web_method("chat.delete")
def delete(context: Context, args: Args) -> JsonDict:
    context.require_scope("chat:write")
    channel, message = _bots_message(context, args, ts_field="ts")
    if message.bot_id != context.team.bot_id:
        raise SlackError("cant_delete_message")
    message.deleted = True
    return {"ok": True, "channel": channel.id, "ts": message.ts}


@web_method("chat.getPermalink")
def get_permalink(context: Context, args: Args) -> JsonDict:
    channel, message = _bots_message(context, args, ts_field="message_ts")
    permalink = f"{context.team.url}archives/{channel.id}/p{message.ts.replace('.', '')}"
    if message.thread_ts:
        permalink += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"ok": True, "channel": channel.id, "permalink": permalink}
