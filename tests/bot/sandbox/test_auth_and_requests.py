"""Who may call what, and the ways slack-sdk sends arguments (JSON, form, query string)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox


def raw_call(
    sandbox: Sandbox, method: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> dict:
    request = urllib.request.Request(
        sandbox.api_url + method, data=data, headers=headers or {}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=2) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


def test_auth_test_names_the_team_and_the_bot(sandbox: Sandbox, client: WebClient) -> None:
    team = sandbox.workspace.teams["T_ACME"]

    answer = client.auth_test()

    assert answer["team_id"] == "T_ACME"
    assert answer["team"] == "Acme"
    assert answer["user_id"] == team.bot_user_id
    assert answer["bot_id"] == team.bot_id
    assert answer["url"] == "https://acme.slack.com/"


def test_calls_without_a_token_are_not_authed(sandbox: Sandbox) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=sandbox.api_url).auth_test()
    assert refused.value.response["error"] == "not_authed"


def test_an_unknown_token_is_invalid_auth(sandbox: Sandbox) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(token="xoxb-made-up", base_url=sandbox.api_url).auth_test()
    assert refused.value.response["error"] == "invalid_auth"


def test_a_revoked_token_says_so(sandbox: Sandbox, client: WebClient) -> None:
    sandbox.revoke_token(sandbox.bot_token("T_ACME"))

    with pytest.raises(SlackApiError) as refused:
        client.auth_test()
    assert refused.value.response["error"] == "token_revoked"


def test_the_app_token_only_opens_socket_mode_connections(sandbox: Sandbox) -> None:
    app_client = WebClient(token=sandbox.app_token(), base_url=sandbox.api_url)

    url = app_client.apps_connections_open(app_token=sandbox.app_token())["url"]

    assert url.startswith(f"ws://127.0.0.1:{sandbox.base_url.rsplit(':', 1)[1]}/link/?ticket=")
    with pytest.raises(SlackApiError) as refused:
        app_client.auth_test()
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_a_bot_token_cannot_open_socket_mode_connections(sandbox: Sandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.apps_connections_open(app_token=sandbox.bot_token("T_ACME"))
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_unknown_methods_are_named_in_the_answer(sandbox: Sandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.api_call("chat.postMessag")
    assert refused.value.response["error"] == "unknown_method"
    assert refused.value.response["req_method"] == "chat.postMessag"


def test_missing_scope_says_what_was_needed_and_what_was_granted(sandbox: Sandbox) -> None:
    sandbox.add_team("T_TINY", scopes=["chat:write"])
    sandbox.add_user("T_TINY", "U_ONE", real_name="One Person")
    tiny = WebClient(token=sandbox.bot_token("T_TINY"), base_url=sandbox.api_url)

    with pytest.raises(SlackApiError) as refused:
        tiny.users_info(user="U_ONE")

    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == "users:read"
    assert refused.value.response["provided"] == "chat:write"


def test_form_bodies_with_the_token_as_a_field_and_blocks_as_a_json_string(sandbox: Sandbox) -> None:
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*form*"}}])
    body = urllib.parse.urlencode(
        {"token": sandbox.bot_token("T_ACME"), "channel": "C_LEAD", "text": "form", "blocks": blocks}
    )

    answer = raw_call(
        sandbox, "chat.postMessage", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert answer["ok"] is True
    assert sandbox.messages("C_LEAD")[0].blocks[0]["text"]["text"] == "*form*"


def test_json_bodies_with_a_bearer_token(sandbox: Sandbox) -> None:
    body = json.dumps({"channel": "C_LEAD", "text": "json"}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {sandbox.bot_token('T_ACME')}"}

    assert raw_call(sandbox, "chat.postMessage", body, headers)["ok"] is True
    assert sandbox.messages("C_LEAD")[0].text == "json"


def test_a_body_that_is_not_json_is_refused(sandbox: Sandbox) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {sandbox.bot_token('T_ACME')}"}

    assert raw_call(sandbox, "chat.postMessage", b"{not json", headers)["error"] == "invalid_json"


def test_every_call_is_recorded_with_its_answer_and_without_the_token(
    sandbox: Sandbox, client: WebClient
) -> None:
    client.chat_postMessage(channel="C_LEAD", text="hello")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C_NOWHERE", text="lost")

    first, second = sandbox.calls_to("chat.postMessage")
    assert first.arguments == {"channel": "C_LEAD", "text": "hello"}
    assert first.ok and first.team_id == "T_ACME"
    assert second.response == {"ok": False, "error": "channel_not_found"}
    assert all("token" not in call.arguments for call in sandbox.calls)


def test_a_bot_without_any_scope_cannot_post(sandbox: Sandbox) -> None:
    sandbox.add_team("T_BARE", scopes=[])
    sandbox.add_channel("T_BARE", "general", channel_id="C_BARE")
    bare = WebClient(token=sandbox.bot_token("T_BARE"), base_url=sandbox.api_url)

    with pytest.raises(SlackApiError) as refused:
        bare.chat_postMessage(channel="C_BARE", text="x")
    assert (refused.value.response["error"], refused.value.response["needed"]) == (
        "missing_scope",
        "chat:write",
    )
