"""Which token the bot starts with: SLACK_BOT_TOKEN for one workspace, or the OAuth settings for many;
a start that has neither, half of one, or both stops with one line saying what to set."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.process.settings import Transport, load_settings
from flows.errors import WorkshopError

HTTP = {"SLACK_SIGNING_SECRET": "s3cr3t-signing"}
OAUTH = {
    "SLACK_CLIENT_ID": "1234567890.9876543210",
    "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
    "SLACK_STATE_SECRET": "a-long-random-state-secret",
}
KEY = {"TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode()}


@pytest.fixture(autouse=True)
def no_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings read .env from the working directory; these tests give everything explicitly."""
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", *OAUTH, *KEY):
        monkeypatch.delenv(name, raising=False)


def test_without_oauth_settings_the_bot_token_is_required_with_the_usual_line() -> None:
    with pytest.raises(WorkshopError) as refused:
        load_settings(**HTTP)
    assert str(refused.value) == (
        "SLACK_BOT_TOKEN is missing. Set it in the environment or in .env: the Bot User OAuth Token "
        "(xoxb-…) from your app's 'OAuth & Permissions' page."
    )


def test_with_oauth_settings_no_bot_token_is_needed() -> None:
    settings = load_settings(**HTTP, **OAUTH, **KEY)
    assert settings.oauth_enabled and settings.slack_bot_token is None
    assert settings.transport is Transport.HTTP
    assert (settings.slack_install_path, settings.slack_redirect_path) == (
        "/slack/install",
        "/slack/oauth_redirect",
    )


def test_one_workspace_by_default() -> None:
    assert not load_settings(SLACK_BOT_TOKEN="xoxb-1", **HTTP).oauth_enabled


@pytest.mark.parametrize("left_out", sorted(OAUTH))
def test_oauth_settings_come_together(left_out: str) -> None:
    given = {name: value for name, value in OAUTH.items() if name != left_out}
    with pytest.raises(WorkshopError, match=rf"^{left_out} is missing\. Set it in the environment"):
        load_settings(**HTTP, **given)


def test_a_bot_token_beside_the_oauth_settings_is_refused() -> None:
    with pytest.raises(WorkshopError, match="SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: unset"):
        load_settings(SLACK_BOT_TOKEN="xoxb-1", **HTTP, **OAUTH)


def test_the_install_pages_need_http_mode() -> None:
    with pytest.raises(WorkshopError, match="install pages need HTTP mode: unset SLACK_APP_TOKEN"):
        load_settings(SLACK_APP_TOKEN="xapp-1", **OAUTH)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_CLIENT_ID", "A0123APPID"),  # the app id pasted by mistake
        ("SLACK_STATE_SECRET", "short"),
        ("SLACK_REDIRECT_URI", "bot.example.com/slack/oauth_redirect"),
        ("SLACK_INSTALL_PATH", "slack/install"),
    ],
)
def test_a_malformed_oauth_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(WorkshopError, match=rf"^{name} is not valid"):
        load_settings(**HTTP, **KEY, **(OAUTH | {name: value}))


def test_oauth_without_a_token_key_stops_with_one_line_saying_how_to_make_one() -> None:
    with pytest.raises(WorkshopError) as refused:
        load_settings(**HTTP, **OAUTH)
    [line] = str(refused.value).splitlines()
    assert "TOKEN_ENCRYPTION_KEY is missing" in line
    assert 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"' in line


def test_a_token_key_that_is_not_a_fernet_key_is_named() -> None:
    with pytest.raises(WorkshopError, match=r"^TOKEN_ENCRYPTION_KEY is not valid .*Fernet key"):
        load_settings(**HTTP, **OAUTH, TOKEN_ENCRYPTION_KEY=f"{KEY['TOKEN_ENCRYPTION_KEY']},not-a-key")
