"""Symptom episodes: every report belongs to one; stored reports are grouped into episodes.

Existing reports are taken oldest first (by date, then id); each joins the open episode of
its body part (region, side, site) or opens one, and a report that settles closes its
episode, exactly as ``strideguard.triage.episodes.group`` does for new reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from strideguard.triage.episodes import Report, group

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "symptom_episodes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region", sa.String(20), nullable=False),
        sa.Column("side", sa.String(10)),
        sa.Column("site", sa.String(20)),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date),
        sa.Column("closed_reason", sa.String(500)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_symptom_episodes"),
    )
    # No batch (copy-and-drop) table rebuild here: with SQLite's foreign keys on, dropping the old
    # symptom_reports would cascade-delete every triage result. ADD COLUMN keeps the table in place.
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE symptom_reports ADD COLUMN episode_id INTEGER "
            "REFERENCES symptom_episodes (id) ON DELETE CASCADE"
        )
    else:
        op.add_column("symptom_reports", sa.Column("episode_id", sa.Integer, nullable=True))
        op.create_foreign_key(
            "fk_symptom_reports_episode_id_symptom_episodes",
            "symptom_reports",
            "symptom_episodes",
            ["episode_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_index("ix_symptom_reports_episode_id", "symptom_reports", ["episode_id"])

    reports_t = sa.table(
        "symptom_reports",
        sa.column("id", sa.Integer),
        sa.column("date", sa.Date),
        sa.column("region", sa.String),
        sa.column("report", sa.JSON),
        sa.column("episode_id", sa.Integer),
    )
    triage_t = sa.table(
        "triage_results", sa.column("id", sa.Integer), sa.column("symptom_id", sa.Integer), sa.column("disposition")
    )
    episodes_t = sa.table(
        "symptom_episodes",
        sa.column("id", sa.Integer),
        sa.column("region", sa.String),
        sa.column("side", sa.String),
        sa.column("site", sa.String),
        sa.column("opened_on", sa.Date),
        sa.column("closed_on", sa.Date),
        sa.column("closed_reason", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    latest = (
        sa.select(triage_t.c.disposition)
        .where(triage_t.c.symptom_id == reports_t.c.id)
        .order_by(triage_t.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = conn.execute(sa.select(reports_t, latest.label("disposition"))).mappings().all()
    now = datetime.now(UTC).replace(tzinfo=None)
    for episode in group([Report.from_stored(dict(r)) for r in rows]):
        episode_id = conn.execute(
            sa.insert(episodes_t)
            .values(
                **episode.key.to_dict(),
                opened_on=episode.opened_on,
                closed_on=episode.closed_on,
                closed_reason=episode.closed_reason,
                created_at=now,
            )
            .returning(episodes_t.c.id)
        ).scalar_one()
        ids = [r.id for r in episode.reports]
        conn.execute(sa.update(reports_t).where(reports_t.c.id.in_(ids)).values(episode_id=episode_id))


def downgrade() -> None:
    # Undoing this on SQLite would rebuild symptom_reports, and the rebuild cascade-deletes triage results.
    raise RuntimeError("migration 0002 (symptom episodes) cannot be undone: restore a backup made before it")
