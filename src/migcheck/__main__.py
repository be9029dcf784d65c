"""``python -m migcheck`` and the ``migcheck`` console script."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # Starting up allocates hundreds of thousands of objects (typer, pydantic, SQLAlchemy,
    # Alembic) and few cycles: with the default thresholds the cyclic collector runs hundreds of
    # times for nothing. A higher first threshold, as mypy sets, saves ~5-10 % of the start.
    gc.set_threshold(200_000, 30, 30)
    # pydantic (configuration, and typer's parameters) looks for plugins among the installed
    # packages' entry points at its first validation, a scan of every package's metadata on
    # each start; migcheck's configuration models use none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:2] == ["lint"] and not {"-h", "--help"} & set(sys.argv):
        # A render worker starts importing Alembic now, while the CLI parses its options.
        from migcheck.parallel import prewarm

        prewarm()
    # Imported here so that ``import migcheck`` stays free of the CLI stack.
    from migcheck.cli import run

    run()


if __name__ == "__main__":
    main()
