"""The summary's posting progress.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

`workshops.summary_progress` records how far the summary and its thread have been posted, so a post
cut short by a crash is finished from where it stopped instead of being lost or repeated.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot drop columns in place, and the downgrade must work there too.
    with op.batch_alter_table("workshops") as table:
        table.add_column(sa.Column("summary_progress", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.drop_column("summary_progress")
