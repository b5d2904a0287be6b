"""Alembic environment of the multi-user server's database: migrations run on the connection strideguard hands over.

Its own chain and version table (``strideguard_server_version``), apart from a runner's database.
"""

from __future__ import annotations

from alembic import context

from strideguard.store.server.tables import metadata

VERSION_TABLE = "strideguard_server_version"

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through strideguard.store.server.ServerDatabase()")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
