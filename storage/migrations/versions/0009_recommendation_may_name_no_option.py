"""A recommendation may name no option.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

The engine gives no recommendation when the evidence is missing (too few answers, a required role
absent) or when options tie at the top; its `Recommendation.option_id` and `confidence` are then
None, and the stored row must say so rather than refuse it. A round closed by its deadline with two
answers used to fail here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _confidence() -> sa.Enum:
    return sa.Enum(
        "high", "medium", "low", name="confidence", native_enum=False, create_constraint=True, length=16
    )


def upgrade() -> None:
    # Batch mode: SQLite cannot change a column's nullability in place.
    with op.batch_alter_table("recommendations") as table:
        table.alter_column("option_id", existing_type=sa.String(length=64), nullable=True)
        table.alter_column("confidence", existing_type=_confidence(), nullable=True)


def downgrade() -> None:
    # Rows without an option cannot go back to a schema that has no way to store them.
    op.execute("DELETE FROM recommendations WHERE option_id IS NULL OR confidence IS NULL")
    with op.batch_alter_table("recommendations") as table:
        table.alter_column("option_id", existing_type=sa.String(length=64), nullable=False)
        table.alter_column("confidence", existing_type=_confidence(), nullable=False)
