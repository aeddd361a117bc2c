"""The sandbox's side of installing: its authorize page and oauth.v2.access answer as Slack does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import Sandbox, SandboxMisuse

TEAM, ADMIN = "T_ACME", "U_ADMIN"


@pytest.fixture
def slack() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        sandbox.add_team(TEAM)
        sandbox.add_user(TEAM, ADMIN, is_admin=True)
        yield sandbox


def authorize_url(slack: Sandbox, *, client_id: str | None = None, extra: str = "") -> str:
    client = client_id or slack.client_id
    return f"{slack.base_url}/oauth/v2/authorize?state=s1&client_id={client}&scope=commands,chat:write{extra}"


def exchange(slack: Sandbox, code: str | None, *, secret: str | None = None, **extra: str) -> dict:
    client = WebClient(base_url=slack.api_url)
    secret = secret or slack.client_secret
    return client.oauth_v2_access(client_id=slack.client_id, client_secret=secret, code=code, **extra).data  # type: ignore[return-value]


def error_of(slack: Sandbox, code: str | None, **kwargs: str) -> str:
    with pytest.raises(SlackApiError) as refused:
        exchange(slack, code, **kwargs)
    return refused.value.response["error"]


def test_a_code_gives_the_workspaces_bot_token_in_slacks_shape(slack: Sandbox) -> None:
    approval = slack.approve_install(authorize_url(slack), TEAM, ADMIN)
    assert approval.state == "s1" and approval.error is None
    answer = exchange(slack, approval.code)
    team = slack.workspace.team(TEAM)
    assert answer == {
        "ok": True,
        "access_token": slack.bot_token(TEAM),
        "token_type": "bot",
        "scope": "chat:write,commands",
        "bot_user_id": team.bot_user_id,
        "app_id": slack.app_id,
        "team": {"id": TEAM, "name": team.name},
        "enterprise": None,
        "authed_user": {"id": ADMIN},
        "is_enterprise_install": False,
    }
    # The bot now has the scopes it asked for, and no others.
    assert team.scopes == {"commands", "chat:write"}


def test_a_code_works_once_and_only_with_the_apps_secret(slack: Sandbox) -> None:
    code = slack.approve_install(authorize_url(slack), TEAM, ADMIN).code
    assert error_of(slack, code, secret="not-the-secret") == "bad_client_secret"
    assert exchange(slack, code)["ok"]
    assert error_of(slack, code) == "invalid_code"
    assert error_of(slack, "made-up") == "invalid_code"


def test_a_code_expires_after_ten_minutes(slack: Sandbox) -> None:
    code = slack.approve_install(authorize_url(slack), TEAM, ADMIN).code
    slack.clock.advance(601)
    assert error_of(slack, code) == "invalid_code"


def test_the_redirect_uri_must_be_the_one_authorized(slack: Sandbox) -> None:
    url = authorize_url(slack, extra="&redirect_uri=https://bot.example.com/slack/oauth_redirect")
    approval = slack.approve_install(url, TEAM, ADMIN)
    assert approval.redirect_url("unused").startswith("https://bot.example.com/slack/oauth_redirect?code=")
    assert error_of(slack, approval.code, redirect_uri="https://evil.example.com/") == "bad_redirect_uri"


def test_a_new_workspace_is_created_and_a_revoked_token_replaced(slack: Sandbox) -> None:
    answer = exchange(slack, slack.approve_install(authorize_url(slack), "T_NEW", "U_OWNER").code)
    assert answer["team"]["id"] == "T_NEW" and slack.workspace.person("T_NEW", "U_OWNER").is_owner
    slack.revoke_token(answer["access_token"])
    again = exchange(slack, slack.approve_install(authorize_url(slack), "T_NEW", "U_OWNER").code)
    assert again["access_token"] != answer["access_token"]
    assert WebClient(token=again["access_token"], base_url=slack.api_url).auth_test()["team_id"] == "T_NEW"


def test_cancelling_sends_access_denied_back(slack: Sandbox) -> None:
    approval = slack.approve_install(authorize_url(slack), TEAM, ADMIN, approve=False)
    assert (
        approval.redirect_url("https://bot.example.com/r")
        == "https://bot.example.com/r?error=access_denied&state=s1"
    )


def test_another_apps_authorize_url_is_a_mistake_in_the_test(slack: Sandbox) -> None:
    with pytest.raises(SandboxMisuse, match=r"names client_id '1\.2', not this app's"):
        slack.approve_install(authorize_url(slack, client_id="1.2"), TEAM, ADMIN)
    with pytest.raises(SandboxMisuse, match="is not this sandbox's authorize page"):
        slack.approve_install("https://slack.com/oauth/v2/authorize?client_id=x", TEAM, ADMIN)
