"""How a run felt and managing what is stored: morning check-ins, and deleted items kept for undo.

- ``checkins``: one a morning (``date`` unique): the runner's stiffness 0-10;
- ``checkin_pains``: that morning's pain 0-10 at each sore spot (an open symptom episode);
- ``deleted_items``: a deleted run or symptom report with every row it took with it, so that
  it can be restored whole for a while (store/trash.py).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only (CREATE TABLE): nothing existing is rebuilt.
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("stiffness", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.UniqueConstraint("date", name="uq_checkins_date"),
    )
    op.create_table(
        "checkin_pains",
        sa.Column("id", sa.Integer),
        sa.Column("checkin_id", sa.Integer, nullable=False),
        sa.Column("episode_id", sa.Integer, nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkin_pains"),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name="fk_checkin_pains_checkin_id_checkins", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["symptom_episodes.id"],
            name="fk_checkin_pains_episode_id_symptom_episodes",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("checkin_id", "episode_id", name="uq_checkin_pains_checkin_id"),
    )
    op.create_index("ix_checkin_pains_checkin_id", "checkin_pains", ["checkin_id"])
    op.create_index("ix_checkin_pains_episode_id", "checkin_pains", ["episode_id"])
    op.create_table(
        "deleted_items",
        sa.Column("id", sa.Integer),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("deleted_at", sa.DateTime, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("data", sa.LargeBinary),
        sa.PrimaryKeyConstraint("id", name="pk_deleted_items"),
    )
    op.create_index("ix_deleted_items_deleted_at", "deleted_items", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_deleted_items_deleted_at", "deleted_items")
    op.drop_table("deleted_items")
    op.drop_index("ix_checkin_pains_episode_id", "checkin_pains")
    op.drop_index("ix_checkin_pains_checkin_id", "checkin_pains")
    op.drop_table("checkin_pains")
    op.drop_table("checkins")
