"""migcheck: migration safety for SQLAlchemy + Alembic on PostgreSQL.

``migcheck lint`` predicts (offline), ``migcheck rehearse`` measures (on a real, seeded server),
``migcheck rename`` writes the expand-contract revisions for a zero-downtime rename.
"""

__version__ = "0.1.0"


def _plain_mako_errors() -> None:
    """Alembic imports mako (its template engine, for writing new revision files, which
    migcheck never does); mako highlights its HTML error pages with pygments when it can, and
    importing that is a fifth of the whole Alembic import, paid by every lint that renders.
    Marked absent (unless already imported), mako uses its documented plain fallback."""
    import sys
    from typing import cast

    # None in sys.modules is how Python spells "this module cannot be imported".
    cast("dict[str, object]", sys.modules).setdefault("mako.ext.pygmentplugin", None)


_plain_mako_errors()
