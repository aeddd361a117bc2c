"""files.getUploadURLExternal and files.completeUploadExternal: Slack's external upload, the flow
slack-sdk's `files_upload_v2` drives. Step 1 announces a file (name, byte count) and gets an upload URL
and a file id; step 2 (`bot.sandbox.uploads`, outside the Web API) posts the bytes to that URL; step 3
completes the upload, once, sharing the file into a conversation as a message that carries it."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import Channel, JsonDict, UploadedFile
from bot.sandbox.normalize import with_ids
from bot.sandbox.validation import MESSAGE_BLOCK_LIMIT, block_problems

ALT_TEXT_LIMIT = 1000  # "alt_txt_too_large: ... longer than the limit of 1000 character"
SNIPPET_LIMIT = 1_000_000  # snippets are limited to 1 MB
# Slack's own pattern for channel_id; a user id (U…) or a #name is refused with it. The sandbox also
# takes the underscores and short ids tests give their channels (C_LEAD), so it checks the shape only.
SLACK_CHANNEL_PATTERN = "^[CGDZ][A-Z0-9]{8,}$"
_CHANNEL_SHAPE = re.compile(r"^[CGDZ][A-Z0-9_]+$")


def _invalid(message: str, pointer: str) -> SlackError:
    return SlackError("invalid_arguments", messages=[f"[ERROR] {message} [json-pointer:/{pointer}]"])


def _length(args: Args) -> int:
    if args.get("length") is None:
        raise _invalid("missing required field: length", "length")
    try:
        length = int(args.get("length"))
    except (TypeError, ValueError):
        raise _invalid("must be an integer", "length") from None
    if length <= 0:
        # Slack: "missing_argument ... Typically only occurs when the length provided is 0."
        raise SlackError("missing_argument")
    return length


@web_method("files.getUploadURLExternal")
def get_upload_url_external(context: Context, args: Args) -> JsonDict:
    context.require_scope("files:write")
    filename = args.string("filename")
    if filename is None:
        raise _invalid("missing required field: filename", "filename")
    length = _length(args)
    alt_txt = args.string("alt_txt")
    if alt_txt is not None and len(alt_txt) > ALT_TEXT_LIMIT:
        raise SlackError("alt_txt_too_large")
    snippet_type = args.string("snippet_type")
    if snippet_type is not None and length > SNIPPET_LIMIT:
        raise SlackError("snippet_too_large")
    workspace = context.workspace
    uploaded = UploadedFile(
        id=workspace.ids.slack_id("F"),
        team_id=context.team.id,
        user=context.team.bot_user_id,
        name=filename,
        length=length,
        created=int(context.now),
        upload_ticket=workspace.ids.hex(40),
        alt_txt=alt_txt,
        snippet_type=snippet_type,
    )
    workspace.files[uploaded.id] = uploaded
    return {"ok": True, "upload_url": context.upload_url(uploaded.upload_ticket), "file_id": uploaded.id}


def _file_entries(args: Args, own: dict[str, UploadedFile]) -> list[tuple[UploadedFile, str | None]]:
    """Each announced file with the title the call gives it. Slack answers file_not_found for an id it
    holds no upload for; the sandbox says why in `response_metadata` too."""
    entries = args.json_value("files", bad_format="invalid_arguments")
    if entries is None:
        raise _invalid("missing required field: files", "files")
    if not isinstance(entries, list) or not entries:
        raise _invalid("must be a non-empty array of {id, title} objects", "files")
    chosen: list[tuple[UploadedFile, str | None]] = []
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise _invalid("missing required field: id", f"files/{position}/id")
        chosen.append((_announced(own, entry["id"]), _title(entry.get("title"))))
    return chosen


def _announced(own: dict[str, UploadedFile], file_id: str) -> UploadedFile:
    uploaded = own.get(file_id)
    if uploaded is None:
        raise SlackError("file_not_found")
    if uploaded.completed:
        raise SlackError(
            "file_not_found",
            messages=[f"[ERROR] the upload of {file_id} was already completed; it can be completed once"],
        )
    if uploaded.content is None:
        raise SlackError(
            "file_not_found", messages=[f"[ERROR] no bytes were uploaded to the upload_url of {file_id}"]
        )
    return uploaded


def _title(title: Any) -> str | None:
    return None if title is None or title == "" else str(title)


def _share_target(context: Context, channel_id: str, *, pointer: str) -> Channel:
    if not _CHANNEL_SHAPE.match(channel_id):
        raise _invalid(f"input must match regex pattern: {SLACK_CHANNEL_PATTERN}", pointer)
    channel = context.workspace.channel_in(context.team.id, channel_id)
    if channel is None or (channel.is_private and context.team.bot_user_id not in channel.members):
        raise SlackError("channel_not_found")
    if channel.is_archived:
        raise SlackError("is_archived")
    if context.team.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return channel


def _targets(context: Context, args: Args) -> list[Channel]:
    """Where the files go: `channel_id`, and the comma-separated `channels` (ids, or user ids standing
    for the bot's DM with that person). None: the files stay private."""
    targets = []
    channel_id = args.string("channel_id")
    if channel_id is not None:
        targets.append(_share_target(context, channel_id, pointer="channel_id"))
    for item in (args.string("channels") or "").split(","):
        item = item.strip()
        if item[:1] in ("U", "W") and (context.team.id, item) in context.workspace.users:
            dm = context.workspace.dm_with(context.team.id, item)
            assert dm is not None
            targets.append(dm)
        elif item:
            targets.append(_share_target(context, item, pointer="channels"))
    if len(targets) > 1 and args.string("thread_ts"):
        raise _invalid("thread_ts needs exactly one channel", "thread_ts")
    return list({channel.id: channel for channel in targets}.values())


def _blocks(args: Args) -> list[JsonDict]:
    # Slack ignores `blocks` when `initial_comment` is given.
    if args.string("initial_comment") is not None:
        return []
    blocks = args.json_value("blocks", bad_format="invalid_blocks_format")
    if blocks is None:
        return []
    problems = block_problems(blocks, pointer="/blocks", limit=MESSAGE_BLOCK_LIMIT, surface="message")
    if problems:
        raise SlackError("invalid_blocks", messages=problems)
    return list(blocks)


def _share(context: Context, args: Args, channel: Channel, files: list[UploadedFile]) -> None:
    workspace = context.workspace
    thread_ts = args.string("thread_ts")
    parent = workspace.message(channel, thread_ts) if thread_ts else None
    message = workspace.post_message(
        channel,
        user=context.team.bot_user_id,
        bot_id=context.team.bot_id,
        text=args.string("initial_comment") or "",
        blocks=with_ids(_blocks(args), workspace.ids),
        # As chat.postMessage: a reply to a reply goes to the parent's thread; an unknown ts is ignored.
        thread_ts=(parent.thread_ts or parent.ts) if parent else None,
        files=list(files),
    )
    for uploaded in files:
        uploaded.shares.append((channel.id, message.ts))


@web_method("files.completeUploadExternal")
def complete_upload_external(context: Context, args: Args) -> JsonDict:
    context.require_scope("files:write")
    own = {key: found for key, found in context.workspace.files.items() if found.team_id == context.team.id}
    entries = _file_entries(args, own)
    if len({uploaded.id for uploaded, _ in entries}) != len(entries):
        raise _invalid("each file id may be given once", "files")
    targets = _targets(context, args)
    _blocks(args)  # refuse bad blocks before anything is shared
    for uploaded, title in entries:
        uploaded.title = title or uploaded.name
        uploaded.completed = True
    files = [uploaded for uploaded, _ in entries]
    for channel in targets:
        _share(context, args, channel, files)
    return {"ok": True, "files": [{"id": uploaded.id, "title": uploaded.title} for uploaded in files]}
