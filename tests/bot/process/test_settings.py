"""Settings: a bad start stops with one line naming the setting and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.process.settings import Transport, load_settings
from flows.errors import WorkshopError

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return env | extra


def test_run_without_a_token_stops_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SLACK_BOT_TOKEN" in lines[0] and "xoxb-" in lines[0]


def test_a_malformed_token_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkshopError, match="SLACK_BOT_TOKEN is not valid"):
        load_settings(SLACK_BOT_TOKEN="xoxp-user-token", SLACK_APP_TOKEN="xapp-1")


def test_a_transport_is_required(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkshopError, match="SLACK_APP_TOKEN for Socket Mode"):
        load_settings(SLACK_BOT_TOKEN="xoxb-1")


def test_dotenv_is_read_and_the_app_token_means_socket_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_APP_TOKEN=xapp-from-file\nPORT=8080\n"
    )
    settings = load_settings()
    assert settings.slack_bot_token == "xoxb-from-file" and settings.port == 8080
    assert settings.transport is Transport.SOCKET


def test_http_mode_and_the_api_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s3cr3t-signing",
        SLACK_API_URL="https://slack-gov.com/api",
    )
    assert settings.transport is Transport.HTTP and settings.slack_api_url == "https://slack-gov.com/api/"
    with pytest.raises(WorkshopError, match="PORT is not valid"):
        load_settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s3cr3t-signing", PORT="99999")


def test_the_edge_and_operations_settings_have_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("MAX_BODY_BYTES", "HTTP_READ_TIMEOUT_SECONDS", "METRICS_PORT", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1")
    assert settings.max_body_bytes == 1024 * 1024 and settings.http_read_timeout_seconds == 5
    assert settings.metrics_port is None and settings.log_format == "text"


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("MAX_BODY_BYTES", "10", "largest request body"),
        ("HTTP_READ_TIMEOUT_SECONDS", "0", "headers"),
        ("METRICS_PORT", "70000", "/metrics"),
        ("LOG_FORMAT", "xml", "text or json"),
    ],
)
def test_a_bad_edge_or_operations_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, hint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkshopError) as refused:
        load_settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", **{name: value})
    [line] = str(refused.value).splitlines()
    assert line.startswith(f"{name} is not valid") and hint in line
