"""Many workspaces: each workspace's standing (installed, uninstalled, tokens revoked), and the
tables of Slack installations and OAuth states.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

The Slack tables are laid out column for column as slack-sdk's SQLAlchemy stores define them
(slack-sdk 3.47), so slack-sdk's own stores could use them too; written out in full like every
migration, so a later slack-sdk release that changes its tables shows up as a difference in the
migration test instead of silently creating other tables on new databases only.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _naive_time(name: str, *, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _string(name: str, length: int, *, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _bot_token_columns() -> list[sa.Column[Any]]:
    return [
        _string("team_id", 32),
        _string("team_name", 200),
        _string("bot_token", 200),
        _string("bot_id", 32),
        _string("bot_user_id", 32),
        _string("bot_scopes", 1000),
        _string("bot_refresh_token", 200),
        _naive_time("bot_token_expires_at"),
    ]


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tokens_revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("team_id", name="pk_workspaces"),
    )
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _string("client_id", 32, nullable=False),
        _string("app_id", 32, nullable=False),
        _string("enterprise_id", 32),
        _string("enterprise_name", 200),
        _string("enterprise_url", 200),
        *_bot_token_columns(),
        _string("user_id", 32, nullable=False),
        _string("user_token", 200),
        _string("user_scopes", 1000),
        _string("user_refresh_token", 200),
        _naive_time("user_token_expires_at"),
        _string("incoming_webhook_url", 200),
        _string("incoming_webhook_channel", 200),
        _string("incoming_webhook_channel_id", 200),
        _string("incoming_webhook_configuration_url", 200),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        _string("token_type", 32),
        _naive_time("installed_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_slack_installations"),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    op.create_table(
        "slack_bots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _string("client_id", 32, nullable=False),
        _string("app_id", 32, nullable=False),
        _string("enterprise_id", 32),
        _string("enterprise_name", 200),
        *_bot_token_columns(),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        _naive_time("installed_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_slack_bots"),
    )
    op.create_index("slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"])
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _string("state", 200, nullable=False),
        _naive_time("expire_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_slack_oauth_states"),
    )


def downgrade() -> None:
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
    op.drop_table("workspaces")
