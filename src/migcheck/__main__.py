"""``python -m migcheck`` and the ``migcheck`` console script."""

from __future__ import annotations


def main() -> None:
    # Imported here so that ``import migcheck`` stays free of the CLI stack.
    from migcheck.cli import run

    run()


if __name__ == "__main__":
    main()
