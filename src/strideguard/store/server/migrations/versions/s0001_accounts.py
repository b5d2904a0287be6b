"""The multi-user server: accounts, sessions, sign-in failures, shares, invitations, the audit log, roster summaries.

Revision ID: s0001
Revises:
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("data_key", sa.String(32)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("data_key", name="uq_users_data_key"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("client", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users", ondelete="CASCADE"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key"])
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("viewer_id", sa.Integer, nullable=False),
        sa.Column("scope", sa.String(30), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shares"),
        sa.UniqueConstraint("runner_id", "viewer_id", name="uq_shares_runner_id"),
        sa.ForeignKeyConstraint(["runner_id"], ["users.id"], name="fk_shares_runner_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["viewer_id"], ["users.id"], name="fk_shares_viewer_id_users", ondelete="CASCADE"),
    )
    op.create_index("ix_shares_runner_id", "shares", ["runner_id"])
    op.create_index("ix_shares_viewer_id", "shares", ["viewer_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("scope", sa.String(30), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("code_hash", name="uq_invitations_code_hash"),
        sa.ForeignKeyConstraint(["runner_id"], ["users.id"], name="fk_invitations_runner_id_users", ondelete="CASCADE"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_invitations_runner_id", "invitations", ["runner_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("viewer_id", sa.Integer),
        sa.Column("viewer", sa.String(40), nullable=False),
        sa.Column("viewer_role", sa.String(10), nullable=False),
        sa.Column("scope", sa.String(30), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("client", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(["runner_id"], ["users.id"], name="fk_audit_log_runner_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["viewer_id"], ["users.id"], name="fk_audit_log_viewer_id_users", ondelete="SET NULL"),
    )
    op.create_index("ix_audit_log_runner_id", "audit_log", ["runner_id"])
    op.create_index("ix_audit_log_viewer_id", "audit_log", ["viewer_id"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "runner_summaries",
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("timezone", sa.String(64)),
        sa.Column("computed_at", sa.DateTime, nullable=False),
        sa.Column("full", sa.JSON, nullable=False),
        sa.Column("training", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("runner_id", name="pk_runner_summaries"),
        sa.ForeignKeyConstraint(
            ["runner_id"], ["users.id"], name="fk_runner_summaries_runner_id_users", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    for table in ("runner_summaries", "audit_log", "invitations", "shares", "login_failures", "sessions", "users"):
        op.drop_table(table)
