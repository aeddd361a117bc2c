"""The benchmarks' Slack workspace and the payloads Slack would send for it, built with the sandbox's
own payload makers so every field is shaped as Slack shapes it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

import yaml

from bot.blocks.ids import ActionId, CallbackId
from bot.demo.stakeholder import form_values
from bot.sandbox import Sandbox
from bot.sandbox import payloads as slack_payloads
from bot.sandbox.model import View
from bot.sandbox.serialize import view_json
from bot.sandbox.view_state import apply_values, current_state
from flows.engine.model import AnswerValue
from flows.schema import Flow
from tests.benchmarks.load import Prepared

TEAM = "T_BENCH"
CHANNEL = "C_BENCH"
FACILITATOR = "U_FAC"
FLOW_ID = "000-head-of-ai-or-product-lead"
FORM = "application/x-www-form-urlencoded"
EXAMPLES = Path(__file__).resolve().parents[2] / "flows" / "examples"


def build_workspace(sandbox: Sandbox, people: int) -> list[str]:
    """One team, a facilitator and `people` others, all in one channel with the bot; their ids."""
    sandbox.add_team(TEAM, name="Bench")
    sandbox.add_user(TEAM, FACILITATOR, real_name="Fay Facilitator")
    user_ids = [f"U_P{number:04d}" for number in range(people)]
    for user_id in user_ids:
        sandbox.add_user(TEAM, user_id, real_name=f"Person {user_id[3:]}")
    sandbox.add_channel(TEAM, "leadership", channel_id=CHANNEL, members=[FACILITATOR, *user_ids])
    return user_ids


def add_channels(sandbox: Sandbox, count: int, members: list[str]) -> list[str]:
    """`count` more channels with the facilitator, `members` and the bot: one per workshop, so no
    workshop waits on another's announcement (Slack allows about one message a second per channel)."""
    ids = [f"C_W{number:05d}" for number in range(count)]
    for channel_id in ids:
        sandbox.add_channel(TEAM, channel_id.lower(), channel_id=channel_id, members=[FACILITATOR, *members])
    return ids


def invitations_delivered(sandbox: Sandbox) -> int:
    """Messages the bot has posted to DMs: in the benchmarks, the invitations. Reads the sandbox
    directly, as `wait_for` holds its lock while it asks."""
    return sum(
        1
        for call in sandbox.workspace.calls
        if call.method == "chat.postMessage"
        and call.ok
        and str(call.arguments.get("channel", "")).startswith("D")
    )


def start_text(user_ids: list[str], flow_id: str = FLOW_ID) -> str:
    return f"start {flow_id} " + " ".join(f"<@{u}|{u.lower()}>" for u in user_ids)


def slash_body(sandbox: Sandbox, text: str, channel_id: str = CHANNEL, user_id: str = FACILITATOR) -> bytes:
    """`/hiring text` typed in the channel, with a fresh trigger_id and response_url of its own."""
    workspace = sandbox.workspace
    with workspace.changing():
        trigger = workspace.issue_trigger(TEAM, user_id)
        response_url = workspace.issue_response_url(TEAM, channel_id, user_id, ephemeral=False)
        payload = slack_payloads.slash_command(
            team=workspace.team(TEAM),
            user=workspace.person(TEAM, user_id),
            channel=workspace.channels[channel_id],
            command="/hiring",
            text=text,
            response_url=sandbox.response_url_for(response_url.id),
            trigger_id=trigger.id,
            app_id=workspace.app_id,
        )
    return urlencode(payload).encode()


def example_answers(flow_id: str = FLOW_ID) -> list[dict[str, AnswerValue]]:
    """The answers of the people in the flow's example answers file."""
    people = yaml.safe_load((EXAMPLES / f"answers-{flow_id[:3]}.yaml").read_text())["participants"]
    return [person["answers"] for person in people]


def open_answer_form(sandbox: Sandbox, user_id: str) -> View:
    """Press "Answer now" on the person's invitation; the form the bot opens for them."""
    person = sandbox.user(TEAM, user_id)
    invitation = sandbox.wait_for(
        lambda: next(
            (
                m
                for m in reversed(person.dm())
                if any(
                    e.get("action_id") == ActionId.ANSWER_NOW for b in m.blocks for e in b.get("elements", [])
                )
            ),
            None,
        ),
        timeout=30,
    )
    person.click(ActionId.ANSWER_NOW, in_message=(invitation.channel_id, invitation.ts))
    return sandbox.wait_for(
        lambda: next((v for v in reversed(person.views()) if v.callback_id == CallbackId.ANSWER), None),
        timeout=30,
    )


def submission_body(sandbox: Sandbox, flow: Flow, view: View, answers: Mapping[str, AnswerValue]) -> bytes:
    """The view_submission Slack sends when the person picks `answers` in the form and presses Submit."""
    chosen = form_values(flow, view, answers)
    workspace = sandbox.workspace
    with workspace.changing():
        team = workspace.team(TEAM)
        state = current_state(view.blocks, apply_values(view.blocks, view.state_values, chosen))
        payload = slack_payloads.interaction(
            "view_submission",
            team=team,
            user=workspace.person(TEAM, view.user_id),
            app_id=workspace.app_id,
            trigger_id=workspace.issue_trigger(TEAM, view.user_id, from_view_id=view.id).id,
            view=view_json(view, team, workspace.app_id) | {"state": {"values": state}},
            response_urls=[],
        )
    return urlencode({"payload": json.dumps(payload)}).encode()


def prepared(body: bytes, expect: bytes = b"") -> Prepared:
    return Prepared(body, FORM, expect)
