"""The announcement and invitations go through the outbox, as the rest of the posts do.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Versions before this one claimed a post by writing `pending:<epoch>:<owner>` in the column that
would hold its ts. Nothing writes such claims any more: each left behind is cleared, so the post
is written to the outbox at the next start (`bot.workflows.recovery`). A claim of a post that did go
out before its process died means that post is made once more, as a claim taken over after its
lease always did. `summary_progress`, the summary's own way of posting once, goes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CLAIMED = {
    "participants": ("invite_ts",),
    "workshops": ("announcement_ts", "summary_ts", "preview_ts"),
}


def upgrade() -> None:
    for name, columns in CLAIMED.items():
        for column in columns:
            op.execute(f"UPDATE {name} SET {column} = NULL WHERE {column} LIKE 'pending:%'")
    with op.batch_alter_table("workshops") as table:
        table.drop_column("summary_progress")


def downgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        table.add_column(sa.Column("summary_progress", sa.String(length=64), nullable=True))
