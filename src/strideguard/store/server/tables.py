"""The multi-user server's own tables (SQLAlchemy Core): accounts, sessions, consent, audit, roster summaries.

They live in the server's database (``serve --multi-user --db``), never in a runner's: each runner's
training and health data stays in that runner's own database (``store/runners.py``), so the
single-runner code reads it unchanged. The migrations in ``server/migrations/versions`` create
exactly these tables (``tests/store/test_server_store.py`` checks that the two agree).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ROLES: tuple[str, ...] = ("runner", "coach", "physio", "admin")
SCOPES: tuple[str, ...] = ("training", "training_and_symptoms")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(40), nullable=False, unique=True),  # lower case (server.accounts.USERNAME)
    sa.Column("role", sa.String(10), nullable=False),  # ROLES
    sa.Column("password_hash", sa.String(200), nullable=False),  # argon2id, PHC string format
    # a runner's data: the file runners/<data_key>.db or the PostgreSQL schema sg_runner_<data_key>; NULL for
    # the other roles. Random, never reused: a new account with a removed account's name gets new, empty data.
    sa.Column("data_key", sa.String(32), unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("password_changed_at", sa.DateTime, nullable=False),
    sqlite_autoincrement=True,  # ids are never reused either
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 of the cookie's token
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("client", sa.String(64)),  # the address it signed in from
    sqlite_autoincrement=True,
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(120), nullable=False, index=True),  # "user:NAME" or "addr:ADDRESS"
    sa.Column("at", sa.DateTime, nullable=False),
)

shares = sa.Table(
    "shares",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("runner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("viewer_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("scope", sa.String(30), nullable=False),  # SCOPES
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("runner_id", "viewer_id", name="uq_shares_runner_id"),
)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 of the code
    sa.Column("runner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("scope", sa.String(30), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sqlite_autoincrement=True,
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("runner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    # who viewed: kept by name and role when that account is removed later
    sa.Column("viewer_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("viewer", sa.String(40), nullable=False),
    sa.Column("viewer_role", sa.String(10), nullable=False),
    sa.Column("scope", sa.String(30), nullable=False),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(300), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("client", sa.String(64)),
)

runner_summaries = sa.Table(
    "runner_summaries",
    metadata,
    sa.Column("runner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("as_of", sa.Date, nullable=False),  # the runner's local day the summary is about
    sa.Column("timezone", sa.String(64)),  # the runner's, to know when their day changes
    sa.Column("computed_at", sa.DateTime, nullable=False),
    sa.Column("full", sa.JSON, nullable=False),  # computed from all the runner's data
    sa.Column("training", sa.JSON, nullable=False),  # computed from the training-only projection
)
