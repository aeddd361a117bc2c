"""The facilitator's preview of the recommendation, and the summary's thread replies.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

`preview` is on for every workshop started from now on (the start form and `--no-preview` turn it
off); rows from before take false, so a workshop already deciding posts as it would have.
`preview_ts` holds the preview DM (claimed before it is sent), `preview_approved_at` when the
facilitator pressed "Post to channel", and `summary_parts` the ts of each thread reply so a revisited
decision updates them in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SLACK_ID = 32


def upgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.add_column(sa.Column("summary_parts", sa.JSON(), nullable=True))
        table.add_column(sa.Column("preview", sa.Boolean(), nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("preview_ts", sa.String(length=SLACK_ID), nullable=True))
        table.add_column(sa.Column("preview_approved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.drop_column("preview_approved_at")
        table.drop_column("preview_ts")
        table.drop_column("preview")
        table.drop_column("summary_parts")
