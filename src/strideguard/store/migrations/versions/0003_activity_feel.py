"""How a run went: its name, the runner's effort rating (RPE 0-10) with a note, and the effort an export recorded.

``rpe`` and ``rpe_note`` are what the runner says (``run rate``, the web app); ``export_rpe`` is the
effort a Garmin or Strava export carried, on the same 0-10 scale, used only where the runner has not
rated the run. All nullable: unknown stays unknown.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the table in place (no batch rebuild: see 0002 on cascades).
    op.add_column("activities", sa.Column("name", sa.String(200), nullable=True))
    op.add_column("activities", sa.Column("rpe", sa.Integer, nullable=True))
    op.add_column("activities", sa.Column("rpe_note", sa.String(500), nullable=True))
    op.add_column("activities", sa.Column("export_rpe", sa.Float, nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild of activities would cascade-delete its samples.
    for column in ("export_rpe", "rpe_note", "rpe", "name"):
        op.execute(f"ALTER TABLE activities DROP COLUMN {column}")
