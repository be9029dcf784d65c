"""migcheck: migration safety for SQLAlchemy + Alembic on PostgreSQL.

``migcheck lint`` predicts (offline), ``migcheck rehearse`` measures (on a real, seeded server),
``migcheck rename`` writes the expand-contract revisions for a zero-downtime rename.
"""

__version__ = "0.1.0"
