"""The profile's language: the language the runner reads (``en`` or ``ko``); NULL means English.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profile", sa.Column("language", sa.String(5), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), as 0003: no table rebuild.
    op.execute("ALTER TABLE profile DROP COLUMN language")
