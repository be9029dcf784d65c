"""Rehearsal of Alembic revisions against a real PostgreSQL (imported lazily by the CLI)."""
