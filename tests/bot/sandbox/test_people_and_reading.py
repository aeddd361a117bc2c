"""What a person reads on screen and the elements they reach, and clicks outside modals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from slack_sdk import WebClient

from bot.sandbox import Sandbox, SandboxMisuse, readable_text

if TYPE_CHECKING:
    from .conftest import RecordingApp


def plain(words: str) -> dict:
    return {"type": "plain_text", "text": words}


def mrkdwn(words: str) -> dict:
    return {"type": "mrkdwn", "text": words}


def option(value: str) -> dict:
    return {"text": plain(value.title()), "value": value}


SUMMARY = [
    {"type": "header", "text": plain("Hiring: Staff Engineer")},
    {
        "type": "section",
        "text": mrkdwn("*Recommendation:* hire"),
        "fields": [mrkdwn("Confidence"), mrkdwn("High")],
    },
    {
        "type": "context",
        "elements": [
            mrkdwn("Round 2 closed"),
            {"type": "image", "image_url": "https://x.test/i.png", "alt_text": "icon"},
        ],
    },
    {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": "details", "text": plain("Details"), "value": "w-7"},
            {
                "type": "static_select",
                "action_id": "flow",
                "placeholder": plain("Pick a flow"),
                "options": [option("engineer")],
            },
        ],
    },
    {"type": "divider"},
    {
        "type": "input",
        "label": plain("Your view"),
        "element": {
            "type": "radio_buttons",
            "action_id": "view",
            "options": [option("agree"), option("disagree")],
        },
    },
]


def test_readable_text_is_what_a_person_sees_in_order() -> None:
    assert readable_text(SUMMARY, "fallback ignored when there are blocks") == "\n".join(
        [
            "Hiring: Staff Engineer",
            "*Recommendation:* hire",
            "Confidence",
            "High",
            "Round 2 closed",
            "Details",
            "Pick a flow",
            "Your view",
            "Agree",
            "Disagree",
        ]
    )
    assert readable_text([], "just text") == "just text"


def test_elements_are_found_by_action_id(sandbox: Sandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="summary", blocks=SUMMARY)["ts"]
    [message] = sandbox.messages("C_LEAD")

    details = message.element("details")
    flow = message.element("flow")

    assert (details.type, details.label, details.value) == ("button", "Details", "w-7")
    assert details.block_id == message.blocks[3]["block_id"]
    assert flow.option_values == ["engineer"] and flow.value is None
    assert message.element("view").label == "Your view"
    with pytest.raises(SandboxMisuse, match=f"No element with action_id 'nope' in message {ts}"):
        message.element("nope")


def test_choosing_in_a_message_select_sends_the_option(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="summary", blocks=SUMMARY)["ts"]

    sandbox.user("T_ACME", "U_CFO").click("flow", in_message=("C_LEAD", ts), value="engineer")

    payload = http_app.received[0].payload
    [action] = payload["actions"]
    assert (action["type"], action["selected_option"]) == ("static_select", option("engineer"))
    assert payload["state"]["values"][action["block_id"]]["flow"]["selected_option"] == option("engineer")


def test_overflow_menus_and_user_pickers(sandbox: Sandbox, client: WebClient, http_app: RecordingApp) -> None:
    elements = [
        {"type": "overflow", "action_id": "more", "options": [option("remind"), option("cancel")]},
        {"type": "users_select", "action_id": "who"},
    ]
    ts = client.chat_postMessage(
        channel="C_LEAD", text="x", blocks=[{"type": "actions", "elements": elements}]
    )["ts"]
    cfo = sandbox.user("T_ACME", "U_CFO")

    cfo.click("more", in_message=("C_LEAD", ts), value="cancel")
    cfo.click("who", in_message=("C_LEAD", ts), value="U_CTO")

    first, second = (received.payload["actions"][0] for received in http_app.received)
    assert first["selected_option"] == option("cancel")
    assert second["selected_user"] == "U_CTO"


def test_buttons_in_ephemerals_and_home_tabs(
    sandbox: Sandbox, client: WebClient, http_app: RecordingApp
) -> None:
    button = {"type": "button", "action_id": "answer", "text": plain("Answer now")}
    blocks = [{"type": "actions", "elements": [button]}]
    ephemeral_ts = client.chat_postEphemeral(channel="C_LEAD", user="U_CTO", text="x", blocks=blocks)[
        "message_ts"
    ]
    home_id = client.views_publish(user_id="U_CTO", view={"type": "home", "blocks": blocks})["view"]["id"]
    cto = sandbox.user("T_ACME", "U_CTO")

    cto.click("answer", in_ephemeral=("C_LEAD", ephemeral_ts))
    cto.click("answer", home=True)

    from_ephemeral, from_home = (received.payload for received in http_app.received)
    assert from_ephemeral["container"]["is_ephemeral"] is True and "message" not in from_ephemeral
    assert from_home["container"] == {"type": "view", "view_id": home_id}
    assert from_home["view"]["type"] == "home"


def test_a_person_only_acts_where_they_can(sandbox: Sandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C_LEAD", text="summary", blocks=SUMMARY)["ts"]
    sandbox.add_user("T_ACME", "U_OUTSIDER", real_name="Not Invited")
    outsider = sandbox.user("T_ACME", "U_OUTSIDER")

    with pytest.raises(SandboxMisuse, match="not a member of C_LEAD"):
        outsider.click("details", in_message=("C_LEAD", ts))
    with pytest.raises(SandboxMisuse, match="no dispatch_action"):
        sandbox.user("T_ACME", "U_CEO").click("view", in_message=("C_LEAD", ts), value="agree")
    with pytest.raises(SandboxMisuse, match="exactly one place"):
        sandbox.user("T_ACME", "U_CEO").click("details")
    with pytest.raises(SandboxMisuse, match="has no Home tab"):
        sandbox.user("T_ACME", "U_CEO").click("details", home=True)
