"""``python -m migcheck`` and the ``migcheck`` console script."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import NoReturn


def main() -> None:
    # Starting up allocates hundreds of thousands of objects (typer, pydantic, SQLAlchemy,
    # Alembic) and few cycles: with the default thresholds the cyclic collector runs hundreds of
    # times for nothing. A higher first threshold, as mypy sets, saves ~5-10 % of the start.
    gc.set_threshold(200_000, 30, 30)
    # pydantic (configuration, and typer's parameters) looks for plugins among the installed
    # packages' entry points at its first validation, a scan of every package's metadata on
    # each start; migcheck's configuration models use none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    linting = sys.argv[1:2] == ["lint"] and not {"-h", "--help"} & set(sys.argv)
    if linting:
        # A render worker starts importing Alembic now, while the CLI parses its options.
        from migcheck.parallel import prewarm

        prewarm()
    # Imported here so that ``import migcheck`` stays free of the CLI stack.
    from migcheck.cli import run

    try:
        run()
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """End the command without the interpreter's teardown.

    Freeing every object of SQLAlchemy, Alembic and hundreds of rendered revisions one by one
    takes ~50 ms, a sixth of a re-lint, and ~0.1 s after a rehearsal, for memory the operating
    system reclaims anyway. The commands have closed their files, connections, servers,
    containers and threads by now (each in its own ``with``, on errors and Ctrl-C too); the
    output is flushed and the atexit handlers run (temporary directories, coverage), as a
    normal exit would.
    """
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    status = code if isinstance(code, int) else 0
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head)
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(status)


if __name__ == "__main__":
    main()
