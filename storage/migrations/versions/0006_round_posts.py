"""Claims for what closing a round posts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

The channel notices, the round-2 DMs, the facilitator's prompt and a named workshop's "who said
what" are marked due in the round-closing commit and claimed before they are posted, so a process
killed after the commit leaves them for the next start instead of losing them, and none is posted
twice. Rows from before stay NULL: nothing is due for rounds closed under the old version.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SLACK_ID = 32
WORKSHOP_CLAIMS = (
    "round1_notice_ts",
    "round2_notice_ts",
    "facilitator_prompt_ts",
    "round1_named_ts",
    "round2_named_ts",
)


def upgrade() -> None:
    # Batch mode: SQLite cannot drop columns in place, and the downgrade must work there too.
    with op.batch_alter_table("workshops") as table:
        for name in WORKSHOP_CLAIMS:
            table.add_column(sa.Column(name, sa.String(length=SLACK_ID), nullable=True))
        table.add_column(sa.Column("named_progress", sa.String(length=64), nullable=True))
    with op.batch_alter_table("participants") as table:
        table.add_column(sa.Column("round2_dm_ts", sa.String(length=SLACK_ID), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as table:
        table.drop_column("round2_dm_ts")
    with op.batch_alter_table("workshops") as table:
        table.drop_column("named_progress")
        for name in reversed(WORKSHOP_CLAIMS):
            table.drop_column(name)
