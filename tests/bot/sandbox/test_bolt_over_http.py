"""A tiny Bolt app behind an HTTP request URL, verifying Slack's signatures itself: a slash command
opens a modal, the submission is checked, and the answer lands in the person's DM."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from slack_bolt import Ack, App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.sandbox import Sandbox
from bot.sandbox.server import BackgroundServer

QUESTION = {
    "type": "modal",
    "callback_id": "score",
    "title": {"type": "plain_text", "text": "Round 1"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "score",
            "label": {"type": "plain_text", "text": "Score from 1 to 10"},
            "element": {"type": "number_input", "action_id": "value", "is_decimal_allowed": False},
        }
    ],
}


def build_bolt_app(sandbox: Sandbox) -> App:
    app = App(
        client=WebClient(token=sandbox.bot_token("T_ACME"), base_url=sandbox.api_url),
        signing_secret=sandbox.signing_secret,
        logger=logging.getLogger("bolt-under-test"),
    )

    @app.command("/hiring")
    def open_question(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=QUESTION)

    @app.view("score")
    def take_score(ack: Ack, view: dict, body: dict, client: WebClient) -> None:
        score = int(view["state"]["values"]["score"]["value"]["value"])
        if not 1 <= score <= 10:
            ack(response_action="errors", errors={"score": "From 1 to 10, please"})
            return
        ack()
        client.chat_postMessage(channel=body["user"]["id"], text=f"Thanks, your score {score} is saved")

    return app


@pytest.fixture
def bolt_over_http(sandbox: Sandbox) -> Iterator[None]:
    server = BackgroundServer(SlackRequestHandler(build_bolt_app(sandbox)))
    server.start()
    sandbox.connect_http(f"http://127.0.0.1:{server.port}/slack/events")
    yield
    server.stop()


def test_a_person_answers_through_a_bolt_app(sandbox: Sandbox, bolt_over_http: None) -> None:
    cto = sandbox.user("T_ACME", "U_CTO")

    assert cto.slash("/hiring", "answer", channel="C_LEAD").acknowledged
    [question] = sandbox.wait_for(cto.views)
    refused = cto.submit(question.id, {"value": 11})
    accepted = cto.submit(question.id, {"value": 8})

    assert refused.errors == {"score": "From 1 to 10, please"}
    assert accepted.acknowledged and accepted.errors is None
    assert cto.views() == []
    assert [m.text for m in sandbox.wait_for(cto.dm)] == ["Thanks, your score 8 is saved"]
