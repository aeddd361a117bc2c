"""The tables of Slack installations and OAuth states, laid out column for column as slack-sdk's
SQLAlchemy installation and state stores define them (slack-sdk 3.47's `build_installations_table`,
`build_bots_table` and `build_oauth_states_table`), so either those stores or `bot.oauth.stores` can
use them; `tests/bot/oauth/test_tables.py` holds them to slack-sdk's source.

They are written out rather than built by slack-sdk because its store modules import
`sqlalchemy.ext.asyncio`, which SQLAlchemy 2.1 refuses to load without the `greenlet` package.
Times are naive UTC, as slack-sdk stores them. One difference: the token columns are wider, since
they hold Fernet ciphertext (`storage.tokens`, migration 0007), which slack-sdk's stores cannot read.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, func

from storage.base import Base

ENCRYPTED_TOKEN_LENGTH = 1000

SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_installations_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)

SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(ENCRYPTED_TOKEN_LENGTH)),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
