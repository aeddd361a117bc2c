from __future__ import annotations

from typing import Any

import pytest

from bot.blocks.metadata import AnswerMeta, to_private_metadata
from bot.ids import ActionId, CallbackId
from bot.payloads import (
    AppHomeOpened,
    BlockAction,
    HiringCommand,
    SlashCommand,
    Subcommand,
    ViewClosed,
    ViewSubmission,
    parse_hiring_text,
)
from flows.errors import WorkshopError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", HiringCommand(subcommand=Subcommand.HELP)),
        ("  HELP ", HiringCommand(subcommand=Subcommand.HELP)),
        ("status", HiringCommand(subcommand=Subcommand.STATUS)),
        ("flows", HiringCommand(subcommand=Subcommand.FLOWS)),
        ("start", HiringCommand(subcommand=Subcommand.START)),
        ("start Lead-Role", HiringCommand(subcommand=Subcommand.START, flow_id="lead-role")),
        (
            "start lead-role <@U123ABC|alice> <@W999> <@U123ABC|alice>",
            HiringCommand(subcommand=Subcommand.START, flow_id="lead-role", user_ids=("U123ABC", "W999")),
        ),
        ("start <@U123ABC|alice>", HiringCommand(subcommand=Subcommand.START, user_ids=("U123ABC",))),
        (
            "start lead-role <@U1|a> CTO <@U2|b> <@U3|c> legal, <@U4|d> founder",
            HiringCommand(
                subcommand=Subcommand.START,
                flow_id="lead-role",
                user_ids=("U1", "U2", "U3", "U4"),
                roles={"U1": "cto", "U3": "compliance", "U4": "ceo"},
            ),
        ),
        ("close", HiringCommand(subcommand=Subcommand.CLOSE)),
        ("close 12", HiringCommand(subcommand=Subcommand.CLOSE, workshop_id=12)),
        ("cancel #4", HiringCommand(subcommand=Subcommand.CANCEL, workshop_id=4)),
        ("remind 9", HiringCommand(subcommand=Subcommand.REMIND, workshop_id=9)),
        ("delete 3", HiringCommand(subcommand=Subcommand.DELETE, workshop_id=3)),
        ("export", HiringCommand(subcommand=Subcommand.EXPORT)),
        ("export #5", HiringCommand(subcommand=Subcommand.EXPORT, workshop_id=5)),
    ],
)
def test_hiring_text_becomes_a_command(text: str, expected: HiringCommand) -> None:
    assert parse_hiring_text(text) == expected


@pytest.mark.parametrize(
    ("text", "problem", "fix"),
    [
        ("launch", "`/hiring launch` is not a command.", "/hiring start"),
        ("<!channel>", "`/hiring !channel` is not a command.", "/hiring status"),
        ("status now", "takes nothing after it, but got 'now'", "Type just `/hiring status`"),
        ("close twelve", "takes one workshop number, but got 'twelve'", "/hiring close 12"),
        ("close 1 2", "takes one workshop number, but got '1 2'", "/hiring close 12"),
        ("start Lead_Role!", "'Lead_Role!' is not a flow id.", "/hiring flows"),
        ("start lead-role bob", "'bob' is neither a person nor a role.", "mentioning each person with @"),
        ("start lead-role cto <@U1|a>", "The role 'cto' follows no person.", "`@dana cto @lee cfo`"),
        ("start lead-role <@U1|a> cto cfo", "The role 'cfo' follows no person.", "straight after"),
        ("start lead-role @bob", "did not recognise @bob as a person", "as you type @"),
        ("start lead-role <!subteam^S123|@leads>", "@leads is a user group", "Mention each person"),
    ],
)
def test_bad_hiring_text_says_what_and_how(text: str, problem: str, fix: str) -> None:
    with pytest.raises(WorkshopError) as caught:
        parse_hiring_text(text)
    assert problem in caught.value.problem
    assert fix in (caught.value.fix or "")
    assert "<" not in caught.value.problem  # nothing typed can become a mention when echoed


def test_more_than_fifty_people_are_refused() -> None:
    mentions = " ".join(f"<@U{n:06d}|p{n}>" for n in range(51))
    with pytest.raises(WorkshopError, match="at most 50"):
        parse_hiring_text(f"start lead-role {mentions}")


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
