"""When retention purged a workshop's answers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

With RETENTION_MONTHS set, a decided workshop's answers and free text are purged once it is older
than that and its check-ins are done; the decision record stays. The moment is kept so a purged
workshop is never purged again, nor its recommendation recomputed from the answers it no longer has.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.add_column(sa.Column("answers_purged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.drop_column("answers_purged_at")
