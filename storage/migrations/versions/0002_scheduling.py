"""Scheduling: a progress ledger and an outcome on scheduled items; a version and the judged option
on check-ins.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

`scheduled_items.progress` records each effect of a job as it happens, so a job taken over after
its claimer died skips what was already done. `checkins.version` is bumped by every snooze,
reschedule or cancel, so a job scheduled for an older version knows it is stale.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot drop columns in place, and the downgrade must work there too.
    with op.batch_alter_table("scheduled_items") as table:
        table.add_column(sa.Column("progress", sa.JSON(none_as_null=True), nullable=True))
        table.add_column(sa.Column("outcome", sa.Text(), nullable=True))
    with op.batch_alter_table("checkins") as table:
        table.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        table.add_column(sa.Column("option_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkins") as table:
        table.drop_column("option_id")
        table.drop_column("version")
    with op.batch_alter_table("scheduled_items") as table:
        table.drop_column("outcome")
        table.drop_column("progress")
