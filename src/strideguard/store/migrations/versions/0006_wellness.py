"""Wellness per day (sleep, resting heart rate, HRV) from watch exports; activities gain energy_kcal and export_feel.

``wellness_days`` holds one row per day and source (Apple Health, Garmin...): hours asleep in the
night that ended on that day, resting heart rate, and HRV as the source measures it (SDNN for
Apple Health, RMSSD for Garmin's HRV status; two columns, because the two are not comparable).
``activities.energy_kcal`` is the energy an export states for a workout; ``activities.export_feel``
how the runner said a run felt in the watch app (Garmin's "feel": 1 very weak to 5 very strong).
All nullable: unknown stays unknown.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wellness_days",
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("sleep_h", sa.Float, nullable=True),
        sa.Column("resting_hr", sa.Float, nullable=True),
        sa.Column("hrv_sdnn_ms", sa.Float, nullable=True),
        sa.Column("hrv_rmssd_ms", sa.Float, nullable=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("day", "source", name="pk_wellness_days"),
    )
    # ADD COLUMN keeps the table in place (no batch rebuild: see 0002 on cascades).
    op.add_column("activities", sa.Column("energy_kcal", sa.Float, nullable=True))
    op.add_column("activities", sa.Column("export_feel", sa.Integer, nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild of activities would cascade-delete its samples.
    for column in ("export_feel", "energy_kcal"):
        op.execute(f"ALTER TABLE activities DROP COLUMN {column}")
    op.drop_table("wellness_days")
