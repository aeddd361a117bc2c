"""Room for encrypted Slack tokens.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Tokens are stored Fernet-encrypted (`storage.tokens`): a 60-character bot token becomes about 165
characters of ciphertext and a longer rotating token more than the 200 slack-sdk's tables allow, so
the token columns widen to 1000. Plain rows are encrypted by `hiring-workshop db upgrade` itself
after the migrations (see `storage.migrate.upgrade`), because that needs TOKEN_ENCRYPTION_KEY and
must also happen when the schema is already current.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SLACK_LENGTH = 200
ENCRYPTED_LENGTH = 1000
TOKEN_COLUMNS = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}


def _resize(old: int, new: int) -> None:
    for table, columns in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(
                    column,
                    existing_type=sa.String(length=old),
                    type_=sa.String(length=new),
                    existing_nullable=True,
                )


def upgrade() -> None:
    _resize(SLACK_LENGTH, ENCRYPTED_LENGTH)


def downgrade() -> None:
    _resize(ENCRYPTED_LENGTH, SLACK_LENGTH)
