"""``python -m migcheck`` and the ``migcheck`` console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
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
