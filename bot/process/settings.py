"""Settings from the environment and a `.env` file, validated once at start."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.services.privacy import Privacy
from flows.errors import WorkshopError

DEFAULT_DATABASE_URL = "sqlite:///var/hiring-workshop.db"
MAKE_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
ONE_MEGABYTE = 1024 * 1024

# What each setting is and where to find it, for the one-line error a bad start prints.
HOW_TO_FIX = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your app's 'OAuth & Permissions' page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-…) with connections:write, from 'Basic Information'",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your app's 'Basic Information' page (for HTTP mode)",
    "SLACK_API_URL": "the Web API base URL ending in /api/, e.g. https://slack.com/api/",
    "SLACK_TIMEOUT_SECONDS": "how long, in seconds, to wait for each Web API answer (1 to 120)",
    "DATABASE_URL": "an SQLAlchemy URL, e.g. sqlite:///var/hiring-workshop.db or postgresql://user@host/db",
    "PORT": "a TCP port number between 1 and 65535",
    "SCHEDULER_INTERVAL_SECONDS": "how often, in seconds, the bot looks for due reminders (1 to 3600)",
    "SLACK_CLIENT_ID": "the Client ID (digits.digits) from your app's 'Basic Information' page",
    "SLACK_CLIENT_SECRET": "the Client Secret from your app's 'Basic Information' page",
    "SLACK_STATE_SECRET": "a random string of at least 16 characters that signs the install links",
    "SLACK_REDIRECT_URI": "the redirect page's public URL, e.g. https://bot.example.com/slack/oauth_redirect",
    "SLACK_INSTALL_PATH": "a URL path starting with /, e.g. /slack/install",
    "SLACK_REDIRECT_PATH": "a URL path starting with /, e.g. /slack/oauth_redirect",
    "ANON_MIN_ANSWERS": "the fewest people who must answer before an anonymous result is shown (2 to 50)",
    "ANON_MIN_FREE_TEXT": "the fewest people who must write free text before any of it is shown (2 to 50)",
    "RETENTION_MONTHS": "months to keep answers after a decision and its last check-in (1 to 600)",
    "REMINDER_COOLDOWN_HOURS": "the fewest hours between two reminders to one person (0 to 168)",
    "MAX_BODY_BYTES": "the largest request body HTTP mode reads, in bytes (1024 to 67108864)",
    "HTTP_READ_TIMEOUT_SECONDS": "seconds allowed for a request's headers, and again for its body (1 to 60)",
    "TOKEN_ENCRYPTION_KEY": f"comma-separated Fernet keys, the first one current; make one with: {MAKE_KEY}",
    "METRICS_PORT": "a TCP port number between 1 and 65535 for /metrics in Socket Mode",
    "LOG_FORMAT": "text or json",
}
# Set together, these install the app in many workspaces through Slack's OAuth flow.
OAUTH_SETTINGS = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Transport(StrEnum):
    SOCKET = "socket"
    HTTP = "http"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Not needed when the OAuth settings are given: then each workspace's token comes from its installation.
    slack_bot_token: Annotated[str | None, Field(alias="SLACK_BOT_TOKEN", pattern=r"^xoxb-")] = None
    slack_app_token: Annotated[str | None, Field(alias="SLACK_APP_TOKEN", pattern=r"^xapp-")] = None
    slack_signing_secret: Annotated[str | None, Field(alias="SLACK_SIGNING_SECRET", min_length=8)] = None
    slack_api_url: Annotated[str, Field(alias="SLACK_API_URL")] = "https://slack.com/api/"
    slack_timeout_seconds: Annotated[int, Field(alias="SLACK_TIMEOUT_SECONDS", ge=1, le=120)] = 10
    database_url: Annotated[str, Field(alias="DATABASE_URL")] = DEFAULT_DATABASE_URL
    # Connections kept open between requests; None: one per listener thread (`Runtime.create`).
    db_pool_size: Annotated[int | None, Field(alias="DB_POOL_SIZE", ge=1, le=200)] = None
    flows_dir: Annotated[Path | None, Field(alias="FLOWS_DIR")] = None
    host: Annotated[str, Field(alias="HOST")] = "0.0.0.0"
    port: Annotated[int, Field(alias="PORT", ge=1, le=65535)] = 3000
    listener_threads: Annotated[int, Field(alias="LISTENER_THREADS", ge=1, le=256)] = 16
    log_level: Annotated[str, Field(alias="LOG_LEVEL", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")] = "INFO"
    scheduler_interval_seconds: Annotated[int, Field(alias="SCHEDULER_INTERVAL_SECONDS", ge=1, le=3600)] = 30
    slack_client_id: Annotated[str | None, Field(alias="SLACK_CLIENT_ID", pattern=r"^\d+\.\d+$")] = None
    slack_client_secret: Annotated[str | None, Field(alias="SLACK_CLIENT_SECRET", min_length=8)] = None
    slack_state_secret: Annotated[str | None, Field(alias="SLACK_STATE_SECRET", min_length=16)] = None
    slack_redirect_uri: Annotated[str | None, Field(alias="SLACK_REDIRECT_URI", pattern=r"^https?://")] = None
    slack_install_path: Annotated[str, Field(alias="SLACK_INSTALL_PATH", pattern=r"^/")] = "/slack/install"
    slack_redirect_path: Annotated[str, Field(alias="SLACK_REDIRECT_PATH", pattern=r"^/")] = (
        "/slack/oauth_redirect"
    )
    # One person alone, or two who know each other's views, are identifiable in an anonymous result.
    anon_min_answers: Annotated[int, Field(alias="ANON_MIN_ANSWERS", ge=2, le=50)] = 3
    anon_min_free_text: Annotated[int, Field(alias="ANON_MIN_FREE_TEXT", ge=2, le=50)] = 4
    retention_months: Annotated[int | None, Field(alias="RETENTION_MONTHS", ge=1, le=600)] = None
    reminder_cooldown_hours: Annotated[float, Field(alias="REMINDER_COOLDOWN_HOURS", ge=0, le=168)] = 6

    max_body_bytes: Annotated[int, Field(alias="MAX_BODY_BYTES", ge=1024, le=64 * ONE_MEGABYTE)] = (
        ONE_MEGABYTE
    )
    http_read_timeout_seconds: Annotated[float, Field(alias="HTTP_READ_TIMEOUT_SECONDS", ge=1, le=60)] = 5.0
    token_encryption_key: Annotated[str | None, Field(alias="TOKEN_ENCRYPTION_KEY", repr=False)] = None
    metrics_port: Annotated[int | None, Field(alias="METRICS_PORT", ge=1, le=65535)] = None
    log_format: Annotated[LogFormat, Field(alias="LOG_FORMAT")] = LogFormat.TEXT

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _tokens_come_from_one_place(self) -> Settings:
        # Runs before the transport check, so a bare start names SLACK_BOT_TOKEN first.
        given = {name for name in OAUTH_SETTINGS if getattr(self, name.lower())}
        if not given:
            if self.slack_bot_token is None:
                raise _missing("SLACK_BOT_TOKEN")
            return self
        for name in OAUTH_SETTINGS:
            if name not in given:
                raise _missing(name)
        if self.slack_bot_token is not None:
            raise ValueError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: unset SLACK_BOT_TOKEN to install in many "
                "workspaces, or unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for one"
            )
        if self.slack_app_token is not None:
            raise ValueError(
                "the OAuth install pages need HTTP mode: unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET"
            )
        if not self.token_encryption_key:
            raise ValueError(
                "TOKEN_ENCRYPTION_KEY is missing: installations' Slack tokens are stored encrypted; make a "
                f"key with: {MAKE_KEY}"
            )
        return self

    @field_validator("token_encryption_key")
    @classmethod
    def _keys_are_fernet_keys(cls, value: str | None) -> str | None:
        if value is not None:
            from cryptography.fernet import Fernet

            for part in value.split(","):
                try:
                    Fernet(part.strip())
                except ValueError:
                    raise ValueError("each comma-separated key must be a Fernet key") from None
        return value

    @model_validator(mode="after")
    def _transport_is_configured(self) -> Settings:
        if self.slack_app_token is None and self.slack_signing_secret is None:
            raise ValueError(
                "set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode at a public URL"
            )
        return self

    @property
    def transport(self) -> Transport:
        return Transport.SOCKET if self.slack_app_token else Transport.HTTP

    @property
    def privacy(self) -> Privacy:
        return Privacy(
            min_answers=self.anon_min_answers,
            min_free_text=self.anon_min_free_text,
            retention_months=self.retention_months,
            reminder_cooldown=timedelta(hours=self.reminder_cooldown_hours),
        )

    @property
    def oauth_enabled(self) -> bool:
        """Installed in many workspaces through Slack's OAuth flow, rather than one with SLACK_BOT_TOKEN."""
        return self.slack_client_id is not None


def _missing(name: str) -> ValidationError:
    """The error pydantic gives a missing required setting, for one that is required only sometimes."""
    missing = InitErrorDetails(type="missing", loc=(name,), input={})
    return ValidationError.from_exception_data("Settings", [missing])


def load_settings(**overrides: object) -> Settings:
    """Settings, or a `WorkshopError` whose one line says which setting is wrong and how to fix it."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        what = "is missing" if first["type"] == "missing" else f"is not valid ({first['msg']})"
        if not name:
            raise WorkshopError(
                f"Settings are incomplete: {first['msg'].removeprefix('Value error, ')}."
            ) from None
        raise WorkshopError(
            f"{name} {what}.", f"Set it in the environment or in .env: {HOW_TO_FIX.get(name, name)}."
        ) from None
