"""What Slack does with a post to a response_url: reply in the channel or privately, or replace or
delete the message the interaction came from. A response_url works five times within 30 minutes."""

from __future__ import annotations

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.content import checked_content
from bot.sandbox.model import Channel, Ephemeral, JsonDict, Message, MessageVersion, ResponseUrl
from bot.sandbox.state import Workspace
from bot.sandbox.web_api import Answer, WebApi

LIFETIME_SECONDS = 30 * 60
MAX_USES = 5


def _usable(workspace: Workspace, url_id: str) -> ResponseUrl:
    response_url = workspace.response_urls.get(url_id)
    if response_url is None or workspace.clock.now() - response_url.issued_at > LIFETIME_SECONDS:
        raise SlackError("expired_url")
    if response_url.uses >= MAX_USES:
        raise SlackError("used_url")
    return response_url


def _replace_or_delete(workspace: Workspace, origin: ResponseUrl, channel: Channel, body: JsonDict) -> None:
    target: Ephemeral | Message | None
    if origin.is_ephemeral:
        target = next(
            (e for e in workspace.ephemerals if e.ts == origin.message_ts and e.user_id == origin.user_id),
            None,
        )
    else:
        target = workspace.message(channel, origin.message_ts or "")
    if target is None:
        raise SlackError("message_not_found")
    if body.get("delete_original"):
        target.deleted = True
        return
    content = checked_content(body.get("text"), body.get("blocks"), body.get("attachments"), workspace.ids)
    target.history.append(MessageVersion(target.text, target.blocks, workspace.clock.now()))
    target.text = content.text or ""
    target.blocks = content.blocks or []


def _post(workspace: Workspace, origin: ResponseUrl, channel: Channel, body: JsonDict) -> None:
    content = checked_content(body.get("text"), body.get("blocks"), body.get("attachments"), workspace.ids)
    team = workspace.teams[origin.team_id]
    if body.get("response_type") == "in_channel":
        workspace.post_message(
            channel,
            user=team.bot_user_id,
            bot_id=team.bot_id,
            text=content.text or "",
            blocks=content.blocks or [],
            attachments=content.attachments,
            thread_ts=body.get("thread_ts"),
        )
    else:
        workspace.post_ephemeral(channel, origin.user_id, content.text or "", content.blocks or [])


def respond(web_api: WebApi, url_id: str, body: JsonDict) -> Answer:
    workspace = web_api.workspace
    with workspace.changing():
        team = None
        try:
            origin = _usable(workspace, url_id)
            team = workspace.teams[origin.team_id]
            origin.uses += 1
            channel = workspace.channels[origin.channel_id]
            replacing = body.get("replace_original") or body.get("delete_original")
            if replacing and origin.message_ts:
                _replace_or_delete(workspace, origin, channel, body)
            else:
                _post(workspace, origin, channel, body)
            answer = Answer(200, {"ok": True})
        except SlackError as error:
            status = 404 if error.code in ("expired_url", "used_url") else 400
            answer = Answer(status, error.body())
        web_api.record("response_url", {"url_id": url_id, **body}, answer, team)
        return answer
