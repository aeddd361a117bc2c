from __future__ import annotations

from typing import Any

import pytest

from bot.blocks.ids import ActionId, CallbackId
from bot.blocks.metadata import AnswerMeta, to_private_metadata
from bot.edge.payloads import (
    AppHomeOpened,
    BlockAction,
    SlashCommand,
    ViewClosed,
    ViewSubmission,
)
from flows.errors import WorkshopError


def test_slash_command_payload_keeps_what_listeners_use() -> None:
    body = {
        "token": "ignored",
        "team_id": "T1",
        "team_domain": "acme",
        "channel_id": "C1",
        "channel_name": "leadership",
        "user_id": "U1",
        "command": "/hiring",
        "text": "start lead-role",
        "api_app_id": "A1",
        "response_url": "https://hooks.slack.com/commands/T1/1/x",
        "trigger_id": "1.2.3",
    }
    command = SlashCommand.parse(body)
    assert (command.team_id, command.enterprise_id, command.text) == ("T1", None, "start lead-role")


def test_block_action_from_a_dm_button() -> None:
    body: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "acme"},
        "user": {"id": "U1", "username": "alice", "team_id": "T1"},
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "D1", "is_ephemeral": False},
        "trigger_id": "1.2.3",
        "channel": {"id": "D1", "name": "directmessage"},
        "message": {"ts": "1.1", "text": "invite", "blocks": []},
        "actions": [
            {"action_id": ActionId.ANSWER_NOW, "block_id": "invite_actions", "type": "button", "value": "7"}
        ],
    }
    action = BlockAction.parse(body)
    assert action.action.action_id == ActionId.ANSWER_NOW
    assert action.action.workshop_id() == 7
    assert action.message is not None and action.message.ts == "1.1"


def test_a_button_without_a_workshop_id_is_a_clear_error() -> None:
    body = {
        "user": {"id": "U1"},
        "container": {"type": "message"},
        "trigger_id": "t",
        "actions": [{"action_id": "answer_now", "block_id": "b", "type": "button", "value": "abc"}],
    }
    with pytest.raises(WorkshopError, match="did not say which workshop"):
        BlockAction.parse(body).action.workshop_id()


def test_view_submission_and_its_metadata() -> None:
    meta = AnswerMeta(workshop_id=7, team_id="T1", section_index=1)
    body = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": CallbackId.ANSWER,
            "private_metadata": to_private_metadata(meta),
            "state": {"values": {"q:gap": {"answer": {"type": "radio_buttons", "selected_option": None}}}},
            "hash": "h1",
        },
    }
    submission = ViewSubmission.parse(body)
    assert submission.view.metadata(AnswerMeta) == meta
    assert submission.view.state.values["q:gap"]["answer"]["selected_option"] is None
    closed = ViewClosed.parse({**body, "type": "view_closed", "is_cleared": False})
    assert closed.view.callback_id == CallbackId.ANSWER


def test_missing_fields_are_a_clear_error_not_a_crash() -> None:
    with pytest.raises(WorkshopError, match="field 'user'"):
        ViewSubmission.parse({"type": "view_submission", "view": {"id": "V1"}})


def test_app_home_opened_event() -> None:
    event = AppHomeOpened.parse({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    assert (event.user, event.tab) == ("U1", "home")
