"""The one door to the database: SQLAlchemy Core tables, Alembic migrations, small repositories.

Nothing outside ``store/`` writes SQL. Every write runs in a transaction
(``Database.begin()``), so a run or a report is stored whole or not at all.
"""

from .database import Database, open_database

__all__ = ["Database", "open_database"]
