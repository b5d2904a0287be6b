"""The multi-user server's own database: accounts, sessions, consent, audit and roster summaries."""

from .database import ServerDatabase

__all__ = ["ServerDatabase"]
