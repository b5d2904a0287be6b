"""Initial schema: profile, shoes, activities with samples and metrics, symptom reports, triage results.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(10)),
        sa.Column("height_cm", sa.Float),
        sa.Column("weight_kg", sa.Float),
        sa.Column("experience", sa.String(20)),
        sa.Column("joint_problems", sa.JSON),
        sa.Column("timezone", sa.String(64)),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_profile"),
    )
    op.create_table(
        "shoes",
        sa.Column("id", sa.Integer),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("brand", sa.String(100)),
        sa.Column("started_on", sa.Date),
        sa.Column("retired_on", sa.Date),
        sa.Column("is_default", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("initial_km", sa.Float, nullable=False, server_default="0"),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shoes"),
        sa.UniqueConstraint("name", name="uq_shoes_name"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer),
        sa.Column("start_time", sa.DateTime, nullable=False),
        sa.Column("utc_offset_min", sa.Integer, nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("sport", sa.String(40), nullable=False),
        sa.Column("distance_m", sa.Float),
        sa.Column("elapsed_s", sa.Float),
        sa.Column("moving_s", sa.Float),
        sa.Column("ascent_m", sa.Float),
        sa.Column("descent_m", sa.Float),
        sa.Column("avg_hr", sa.Float),
        sa.Column("max_hr", sa.Float),
        sa.Column("avg_cadence_spm", sa.Float),
        sa.Column("source_format", sa.String(20), nullable=False),
        sa.Column("source_file", sa.Text),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("device", sa.String(200)),
        sa.Column("sample_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("richness", sa.Integer, nullable=False, server_default="0"),
        sa.Column("shoe_id", sa.Integer),
        sa.Column("notes", sa.Text),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sa.UniqueConstraint("sha256", name="uq_activities_sha256"),
        sa.ForeignKeyConstraint(["shoe_id"], ["shoes.id"], name="fk_activities_shoe_id_shoes", ondelete="SET NULL"),
    )
    op.create_index("ix_activities_local_date", "activities", ["local_date"])
    op.create_index("ix_activities_shoe_id", "activities", ["shoe_id"])
    op.create_index("ix_activities_start_time", "activities", ["start_time"])
    op.create_table(
        "activity_samples",
        sa.Column("activity_id", sa.Integer),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name="pk_activity_samples"),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name="fk_activity_samples_activity_id_activities", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "activity_metrics",
        sa.Column("activity_id", sa.Integer),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("metrics", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name="pk_activity_metrics"),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name="fk_activity_metrics_activity_id_activities", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "symptom_reports",
        sa.Column("id", sa.Integer),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("region", sa.String(20), nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_symptom_reports"),
    )
    op.create_index("ix_symptom_reports_date", "symptom_reports", ["date"])
    op.create_table(
        "triage_results",
        sa.Column("id", sa.Integer),
        sa.Column("symptom_id", sa.Integer),
        sa.Column("report_date", sa.Date, nullable=False),
        sa.Column("disposition", sa.String(20), nullable=False),
        sa.Column("rule_version", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_triage_results"),
        sa.ForeignKeyConstraint(
            ["symptom_id"],
            ["symptom_reports.id"],
            name="fk_triage_results_symptom_id_symptom_reports",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_triage_results_symptom_id", "triage_results", ["symptom_id"])
    op.create_index("ix_triage_results_report_date", "triage_results", ["report_date"])


def downgrade() -> None:
    for table in (
        "triage_results",
        "symptom_reports",
        "activity_metrics",
        "activity_samples",
        "activities",
        "shoes",
        "profile",
    ):
        op.drop_table(table)
