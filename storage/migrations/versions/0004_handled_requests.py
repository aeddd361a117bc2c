"""Handled requests: a digest of each Slack request the app acknowledged, so a retry of it (same
body, X-Slack-Retry-Num set) is acknowledged without being handled a second time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handled_requests",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_handled_requests"),
    )
    op.create_index("ix_handled_requests_handled_at", "handled_requests", ["handled_at"])


def downgrade() -> None:
    op.drop_index("ix_handled_requests_handled_at", table_name="handled_requests")
    op.drop_table("handled_requests")
