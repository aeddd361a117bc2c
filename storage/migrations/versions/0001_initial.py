"""The first schema: workshops, participants, answers, disputes, resolutions, recommendations,
scheduled items, check-ins and their ratings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written out in full rather than importing the models, so that later model changes never alter
what this migration creates.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SLACK_ID = 32


def _when(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _slack_id(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.String(length=SLACK_ID), nullable=nullable)


def _state(column: str, constraint: str, *values: str) -> sa.Column[Any]:
    states = sa.Enum(*values, name=constraint, native_enum=False, create_constraint=True, length=16)
    return sa.Column(column, states, nullable=False)


def _workshop_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workshop_id"], ["workshops.id"], name=f"fk_{table}_workshop_id_workshops", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        _slack_id("team_id"),
        _slack_id("enterprise_id", nullable=True),
        _slack_id("channel_id"),
        _slack_id("facilitator_id"),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("flow_hash", sa.String(length=64), nullable=False),
        sa.Column("flow_json", sa.JSON(), nullable=False),
        _state("status", "workshop_status", "collecting", "round2", "deciding", "decided", "cancelled"),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        _when("deadline"),
        _when("round2_deadline", nullable=True),
        sa.Column("checkin_months", sa.JSON(), nullable=False),
        sa.Column("request_key", sa.String(length=255), nullable=True),
        _slack_id("announcement_ts", nullable=True),
        _slack_id("summary_ts", nullable=True),
        _when("created_at"),
        _when("closed_at", nullable=True),
        _when("decided_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_workshops"),
        sa.UniqueConstraint("team_id", "request_key", name="uq_workshops_team_id_request_key"),
    )
    op.create_index("ix_workshops_team_id_channel_id", "workshops", ["team_id", "channel_id"])

    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        _slack_id("user_id"),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        _state("status", "participant_status", "invited", "answering", "answered", "declined"),
        _slack_id("dm_channel_id", nullable=True),
        _slack_id("invite_ts", nullable=True),
        sa.Column("delivery_error", sa.Text(), nullable=True),
        _when("last_reminded_at", nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        _when("answered_at", nullable=True),
        _workshop_fk("participants"),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
        sa.UniqueConstraint("workshop_id", "user_id", name="uq_participants_workshop_id_user_id"),
    )
    op.create_index("ix_participants_user_id", "participants", ["user_id"])

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("round", sa.SmallInteger(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        _when("created_at"),
        sa.CheckConstraint("round IN (1, 2)", name=op.f("ck_answers_round")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_answers_revision")),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name="fk_answers_participant_id_participants",
            ondelete="CASCADE",
        ),
        _workshop_fk("answers"),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.UniqueConstraint(
            "participant_id",
            "question_id",
            "round",
            "revision",
            name="uq_answers_participant_id_question_id_round_revision",
        ),
    )
    op.create_index("ix_answers_workshop_id_round", "answers", ["workshop_id", "round"])

    op.create_table(
        "disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("decisive", sa.Boolean(), nullable=False),
        _state("status", "dispute_status", "open", "revised", "decided", "left_open"),
        _when("created_at"),
        _workshop_fk("disputes"),
        sa.PrimaryKeyConstraint("id", name="pk_disputes"),
        sa.UniqueConstraint("workshop_id", "question_id", name="uq_disputes_workshop_id_question_id"),
    )

    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        _slack_id("decided_by"),
        _when("decided_at"),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name="fk_resolutions_dispute_id_disputes", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_resolutions"),
    )
    op.create_index("ix_resolutions_dispute_id", "resolutions", ["dispute_id"])

    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.String(length=64), nullable=False),
        _state("confidence", "confidence", "high", "medium", "low"),
        sa.Column("analysis_json", sa.JSON(), nullable=False),
        sa.Column("summary_mrkdwn", sa.Text(), nullable=False),
        _when("created_at"),
        _workshop_fk("recommendations"),
        sa.PrimaryKeyConstraint("id", name="pk_recommendations"),
        sa.UniqueConstraint("workshop_id", "revision", name="uq_recommendations_workshop_id_revision"),
    )

    op.create_table(
        "scheduled_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        _slack_id("team_id"),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        _when("due_at"),
        sa.Column("payload", sa.JSON(), nullable=False),
        _state("state", "scheduled_state", "pending", "claimed", "done", "cancelled", "failed"),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        _when("lease_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("done_at", nullable=True),
        _workshop_fk("scheduled_items"),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_items"),
        sa.UniqueConstraint(
            "team_id", "kind", "dedupe_key", name="uq_scheduled_items_team_id_kind_dedupe_key"
        ),
    )
    op.create_index("ix_scheduled_items_state_due_at", "scheduled_items", ["state", "due_at"])
    op.create_index("ix_scheduled_items_workshop_id", "scheduled_items", ["workshop_id"])

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        _when("due_at"),
        _state("status", "checkin_status", "scheduled", "open", "summarised", "cancelled", "snoozed"),
        sa.Column("summary_json", sa.JSON(none_as_null=True), nullable=True),
        _slack_id("posted_ts", nullable=True),
        _workshop_fk("checkins"),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.UniqueConstraint("workshop_id", "months", name="uq_checkins_workshop_id_months"),
    )

    op.create_table(
        "checkin_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        _state("rating", "rating", "met", "partly", "not_yet"),
        sa.Column("note", sa.Text(), nullable=True),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name="fk_checkin_ratings_checkin_id_checkins", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name="fk_checkin_ratings_participant_id_participants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checkin_ratings"),
        sa.UniqueConstraint(
            "checkin_id", "participant_id", "criterion_id", "revision", name="uq_checkin_ratings_revision"
        ),
    )
    op.create_index("ix_checkin_ratings_participant_id", "checkin_ratings", ["participant_id"])


def downgrade() -> None:
    # Children before parents; dropping a table drops its indexes with it.
    for table in (
        "checkin_ratings",
        "checkins",
        "scheduled_items",
        "recommendations",
        "resolutions",
        "disputes",
        "answers",
        "participants",
        "workshops",
    ):
        op.drop_table(table)
