"""``python -m migcheck`` and the ``migcheck`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["lint"] and not {"-h", "--help"} & set(sys.argv):
        # A render worker starts importing Alembic now, while the CLI parses its options.
        from migcheck.parallel import prewarm

        prewarm()
    # Imported here so that ``import migcheck`` stays free of the CLI stack.
    from migcheck.cli import run

    run()


if __name__ == "__main__":
    main()
