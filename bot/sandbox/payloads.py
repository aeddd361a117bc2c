"""The payloads Slack sends an app, shaped field for field as Slack shapes them: slash commands,
interactivity (block_actions, view_submission, view_closed) and Events API envelopes."""

from __future__ import annotations

from typing import Any

from bot.sandbox.model import Channel, JsonDict, Team, User

# Slack still sends the deprecated verification token; apps that verify signatures ignore it.
VERIFICATION_TOKEN = "sandbox-verification-token"


def user_reference(user: User) -> JsonDict:
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": user.team_id}


def team_reference(team: Team) -> JsonDict:
    return {"id": team.id, "domain": team.domain}


def slash_command(
    *,
    team: Team,
    user: User,
    channel: Channel,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
    app_id: str,
) -> dict[str, str]:
    """Form fields, all strings: over HTTP they are url-encoded, over Socket Mode sent as an object."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team.id,
        "team_domain": team.domain,
        "channel_id": channel.id,
        "channel_name": channel.name,
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def interaction(kind: str, *, team: Team, user: User, app_id: str, **fields: Any) -> JsonDict:
    """The envelope shared by every interactivity payload; `fields` carries the rest as Slack names it."""
    return {
        "type": kind,
        "user": user_reference(user),
        "api_app_id": app_id,
        "token": VERIFICATION_TOKEN,
        "team": team_reference(team),
        "enterprise": None,
        "is_enterprise_install": False,
        **fields,
    }


def block_action(element: JsonDict, block_id: str, chosen: JsonDict, action_ts: str) -> JsonDict:
    """One entry of `actions`: the element's identity plus what the person chose (`chosen` is the
    element's state entry, e.g. {"selected_option": ...})."""
    action: JsonDict = {
        "type": element.get("type"),
        "action_id": element.get("action_id"),
        "block_id": block_id,
        "action_ts": action_ts,
    }
    if element.get("type") == "button":
        action["text"] = element.get("text")
        if "value" in element:
            action["value"] = element["value"]
        if "style" in element:
            action["style"] = element["style"]
    else:
        action.update({key: value for key, value in chosen.items() if key != "type"})
    return action


def event_callback(*, team: Team, app_id: str, event: JsonDict, event_id: str, event_time: int) -> JsonDict:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team.id,
        "api_app_id": app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team.id,
                "user_id": team.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }
