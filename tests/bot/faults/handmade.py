"""Payloads made by hand, shaped as the sandbox shapes what people do, for deliveries a person in the
sandbox cannot make by clicking: the same request several times at once, a second click of a button
whose message has since changed, a person acting on something they were never shown."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from bot.sandbox import Delivery, Sandbox
from bot.sandbox import payloads as slack_payloads
from bot.sandbox.model import JsonDict
from bot.sandbox.serialize import view_json
from bot.sandbox.transport import INTERACTIVE, SLASH_COMMANDS
from bot.sandbox.view_state import apply_values, current_state


def slash_payload(sandbox: Sandbox, team_id: str, user_id: str, channel_id: str, text: str) -> JsonDict:
    """`/hiring text` typed by the person in the channel, as Slack would send it."""
    workspace = sandbox.workspace
    with workspace.changing():
        team, user = workspace.team(team_id), workspace.person(team_id, user_id)
        channel = workspace.channels[channel_id]
        trigger = workspace.issue_trigger(team_id, user_id)
        url = workspace.issue_response_url(team_id, channel_id, user_id, ephemeral=False)
        return slack_payloads.slash_command(
            team=team,
            user=user,
            channel=channel,
            command="/hiring",
            text=text,
            response_url=sandbox.response_url_for(url.id),
            trigger_id=trigger.id,
            app_id=workspace.app_id,
        )


def submission_payload(
    sandbox: Sandbox, team_id: str, user_id: str, view_id: str, values: Mapping[str, Any]
) -> JsonDict:
    """The person pressing submit on their open view with `values` typed in (the view is left as it is)."""
    workspace = sandbox.workspace
    with workspace.changing():
        team, user = workspace.team(team_id), workspace.person(team_id, user_id)
        view = workspace.views[view_id]
        typed = apply_values(view.blocks, view.state_values, values)
        shown = view_json(view, team, workspace.app_id) | {
            "state": {"values": current_state(view.blocks, typed)}
        }
        trigger = workspace.issue_trigger(team_id, user_id, from_view_id=view.id)
        return slack_payloads.interaction(
            "view_submission",
            team=team,
            user=user,
            app_id=workspace.app_id,
            trigger_id=trigger.id,
            view=shown,
            response_urls=[],
        )


def click_payload(
    sandbox: Sandbox,
    team_id: str,
    user_id: str,
    channel_id: str,
    action_id: str,
    value: str,
    *,
    pick: bool = False,
    message_ts: str = "1700000000.000100",
) -> JsonDict:
    """The person clicking a button (or, with `pick`, choosing an option of a select) that carries
    `value`, on the message `message_ts` in `channel_id`, whether or not they were ever shown it:
    what a forged or misrouted click looks like."""
    workspace = sandbox.workspace
    with workspace.changing():
        team, user = workspace.team(team_id), workspace.person(team_id, user_id)
        trigger = workspace.issue_trigger(team_id, user_id)
        url = workspace.issue_response_url(team_id, channel_id, user_id, ephemeral=True)
        action: JsonDict = {"action_id": action_id, "block_id": "forged", "action_ts": f"{time.time():.6f}"}
        if pick:
            action |= {
                "type": "static_select",
                "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}},
            }
        else:
            action |= {"type": "button", "value": value, "text": {"type": "plain_text", "text": action_id}}
        return slack_payloads.interaction(
            "block_actions",
            team=team,
            user=user,
            app_id=workspace.app_id,
            container={"type": "message", "message_ts": message_ts, "channel_id": channel_id},
            trigger_id=trigger.id,
            channel={"id": channel_id, "name": channel_id},
            state={"values": {}},
            response_url=sandbox.response_url_for(url.id),
            actions=[action],
        )


def forged_submission(
    sandbox: Sandbox, team_id: str, user_id: str, callback_id: str, private_metadata: str
) -> JsonDict:
    """A form submission the person was never shown: a view of the app's callback id carrying the
    metadata it would carry, with nothing typed in."""
    workspace = sandbox.workspace
    with workspace.changing():
        team, user = workspace.team(team_id), workspace.person(team_id, user_id)
        trigger = workspace.issue_trigger(team_id, user_id)
        view = {
            "id": "V0FORGED",
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": {}},
            "hash": "1700000000.forged",
        }
        return slack_payloads.interaction(
            "view_submission",
            team=team,
            user=user,
            app_id=workspace.app_id,
            trigger_id=trigger.id,
            view=view,
            response_urls=[],
        )


def clicked_again(sandbox: Sandbox, click: Delivery) -> Delivery:
    """The same click made a moment later: a new request (new trigger, later action time), as a
    double click sends it, whatever the message shows by then."""
    assert click.payload is not None
    payload = dict(click.payload)
    team_id, user_id = payload["team"]["id"], payload["user"]["id"]
    payload["trigger_id"] = sandbox.trigger_id(team_id, user_id)
    payload["actions"] = [
        {**action, "action_ts": f"{float(action['action_ts']) + 0.15:.6f}"} for action in payload["actions"]
    ]
    return sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)


def delivered_at_once(sandbox: Sandbox, kind: str, payload: JsonDict, retries: int = 3) -> list[Delivery]:
    """The request and its retries all in flight together, as when Slack retries a request whose
    first attempt is still being handled."""
    replies = kind == SLASH_COMMANDS or payload.get("type") == "view_submission"
    start = threading.Barrier(retries + 1)
    done: list[Delivery] = []

    def send(attempt: int) -> None:
        start.wait()
        retry = {"retry_attempt": attempt, "retry_reason": "http_timeout"} if attempt else {}
        done.append(sandbox.deliver(kind, payload, accepts_response_payload=replies, **retry))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(retries + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return done
