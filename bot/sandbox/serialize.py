"""The JSON Slack uses for users, conversations, messages and views, built from the workspace state."""

from __future__ import annotations

import mimetypes
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.sandbox.model import Channel, JsonDict, Message, Team, UploadedFile, User, View

# zoneinfo knows abbreviations; Slack shows the long name.
_TZ_LABELS = {
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "JST": "Japan Standard Time",
    "IST": "India Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
}


def user_json(user: User, *, now: float, with_email: bool) -> JsonDict:
    local = datetime.fromtimestamp(now, ZoneInfo(user.tz))
    offset = local.utcoffset()
    abbreviation = local.tzname() or user.tz
    first, _, last = user.real_name.partition(" ")
    profile: JsonDict = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "first_name": first,
        "last_name": last,
        "team": user.team_id,
        "title": "",
    }
    if with_email and user.email:
        profile["email"] = user.email
    if user.bot_id:
        profile["bot_id"] = user.bot_id
    return {
        "id": user.id,
        "team_id": user.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(now),
    }


def channel_json(channel: Channel, *, bot_user_id: str, user_deleted: bool = False) -> JsonDict:
    if channel.is_im:
        return {
            "id": channel.id,
            "created": channel.created,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": channel.team_id,
            "user": channel.im_user,
            "is_user_deleted": user_deleted,
            "priority": 0,
        }
    return {
        "id": channel.id,
        "name": channel.name,
        "name_normalized": channel.name,
        "is_channel": not channel.is_private and not channel.is_mpim,
        "is_group": channel.is_private and not channel.is_mpim,
        "is_im": False,
        "is_mpim": channel.is_mpim,
        "is_private": channel.is_private,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": False,
        "is_shared": False,
        "is_ext_shared": False,
        "is_org_shared": False,
        "context_team_id": channel.team_id,
        "is_member": bot_user_id in channel.members,
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
    }


def message_json(message: Message, team: Team, app_id: str) -> JsonDict:
    body: JsonDict = {
        "type": "message",
        "text": message.text,
        "user": message.user,
        "ts": message.ts,
        "team": message.team_id,
    }
    if message.blocks:
        body["blocks"] = message.blocks
    if message.attachments:
        body["attachments"] = message.attachments
    if message.bot_id:
        body["bot_id"] = message.bot_id
        body["app_id"] = app_id
        body["bot_profile"] = {
            "id": message.bot_id,
            "app_id": app_id,
            "name": "Hiring Workshop",
            "deleted": False,
            "team_id": team.id,
        }
    if message.thread_ts:
        body["thread_ts"] = message.thread_ts
    if message.reply_ts:
        body.update(
            thread_ts=message.ts, reply_count=len(message.reply_ts), latest_reply=message.reply_ts[-1]
        )
    if message.edited_ts:
        body["edited"] = {"user": message.user, "ts": message.edited_ts}
    if message.metadata:
        body["metadata"] = message.metadata
    if message.files:
        body.update(files=[file_json(uploaded) for uploaded in message.files], upload=True)
    return body


def file_json(uploaded: UploadedFile) -> JsonDict:
    """A file object as Slack shows it in a message (the fields an app reads; no download URLs)."""
    body: JsonDict = {
        "id": uploaded.id,
        "created": uploaded.created,
        "timestamp": uploaded.created,
        "name": uploaded.name,
        "title": uploaded.title or uploaded.name,
        "mimetype": mimetypes.guess_type(uploaded.name)[0] or "application/octet-stream",
        "filetype": uploaded.snippet_type or uploaded.extension or "binary",
        "user": uploaded.user,
        "user_team": uploaded.team_id,
        "size": uploaded.length,
        "mode": "snippet" if uploaded.snippet_type else "hosted",
        "is_external": False,
        "is_public": False,
    }
    if uploaded.alt_txt:
        body["alt_txt"] = uploaded.alt_txt
    return body


def view_json(view: View, team: Team, app_id: str) -> JsonDict:
    definition = view.definition
    return {
        "id": view.id,
        "team_id": view.team_id,
        "type": view.type,
        "blocks": view.blocks,
        "private_metadata": view.private_metadata,
        "callback_id": view.callback_id,
        "state": {"values": view.state_values},
        "hash": view.hash,
        "title": definition.get("title"),
        "clear_on_close": bool(definition.get("clear_on_close", False)),
        "notify_on_close": bool(definition.get("notify_on_close", False)),
        "close": definition.get("close"),
        "submit": definition.get("submit"),
        "previous_view_id": view.previous_view_id,
        "root_view_id": view.root_view_id,
        "app_id": app_id,
        "external_id": view.external_id or "",
        "app_installed_team_id": team.id,
        "bot_id": team.bot_id,
    }
