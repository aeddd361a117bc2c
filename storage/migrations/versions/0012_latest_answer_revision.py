"""Each answer's latest revision is marked, so a round's current answers are read without looking
at every earlier revision; the columns versions before the outbox claimed round posts in go.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

Finding the highest revision of each question with a subquery read every revision in the
workshop's round for each answer stored, so an answer cost more the more people had revised theirs.
Rows from before take `latest` from that same rule, once, here.

Nothing has read or written the claim columns since 0011 (the outbox finishes what a closed round
posts), and every request that loads a workshop paid for them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SLACK_ID = 32
OLD_CLAIMS = (
    "round1_notice_ts",
    "round2_notice_ts",
    "facilitator_prompt_ts",
    "round1_named_ts",
    "round2_named_ts",
)


def upgrade() -> None:
    with op.batch_alter_table("answers") as table:
        table.add_column(sa.Column("latest", sa.Boolean(), nullable=False, server_default=sa.true()))
        table.drop_index("ix_answers_workshop_id_round")
        table.create_index(
            "ix_answers_workshop_id_round_latest_participant_id",
            ["workshop_id", "round", "latest", "participant_id"],
        )
    op.execute(
        "UPDATE answers SET latest = false WHERE revision < ("
        "SELECT max(newer.revision) FROM answers AS newer WHERE newer.participant_id = answers.participant_id"
        " AND newer.question_id = answers.question_id AND newer.round = answers.round)"
    )
    with op.batch_alter_table("workshops") as table:
        for column in (*OLD_CLAIMS, "named_progress"):
            table.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("workshops") as table:
        for column in OLD_CLAIMS:
            table.add_column(sa.Column(column, sa.String(length=SLACK_ID), nullable=True))
        table.add_column(sa.Column("named_progress", sa.String(length=64), nullable=True))
    with op.batch_alter_table("answers") as table:
        table.drop_index("ix_answers_workshop_id_round_latest_participant_id")
        table.create_index("ix_answers_workshop_id_round", ["workshop_id", "round"])
        table.drop_column("latest")
