"""The privacy settings: their defaults, and one line naming a bad one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.process.settings import load_settings
from flows.errors import WorkshopError

TOKENS = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}


@pytest.fixture
def away_from_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run where no .env is, with none of these settings in the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("ANON_MIN_ANSWERS", "ANON_MIN_FREE_TEXT", "RETENTION_MONTHS", "REMINDER_COOLDOWN_HOURS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("away_from_dotenv")
def test_the_defaults_keep_answers_and_hold_back_small_groups() -> None:
    privacy = load_settings(**TOKENS).privacy
    assert (privacy.min_answers, privacy.min_free_text) == (3, 4)
    assert privacy.retention_months is None
    assert privacy.reminder_cooldown == timedelta(hours=6)


@pytest.mark.usefixtures("away_from_dotenv")
def test_the_settings_are_read() -> None:
    given = {"ANON_MIN_ANSWERS": "5", "ANON_MIN_FREE_TEXT": "6", "RETENTION_MONTHS": "18"}
    privacy = load_settings(**TOKENS, **given, REMINDER_COOLDOWN_HOURS="0.5").privacy
    assert (privacy.min_answers, privacy.min_free_text, privacy.retention_months) == (5, 6, 18)
    assert privacy.reminder_cooldown == timedelta(minutes=30)


@pytest.mark.usefixtures("away_from_dotenv")
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ANON_MIN_ANSWERS", "1"),
        ("ANON_MIN_FREE_TEXT", "many"),
        ("RETENTION_MONTHS", "0"),
        ("REMINDER_COOLDOWN_HOURS", "-1"),
    ],
)
def test_a_bad_value_is_named_with_what_to_set(name: str, value: str) -> None:
    with pytest.raises(WorkshopError, match=f"^{name} is not valid") as refused:
        load_settings(**TOKENS, **{name: value})
    assert "\n" not in str(refused.value) and refused.value.fix
