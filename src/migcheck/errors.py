"""Errors a user can act on.

Every exception raised on purpose inside migcheck derives from :class:`MigcheckError`. The CLI
turns it into one line on stderr (naming the file, revision or option at fault) and exit code 2.
Anything else that escapes is a bug in migcheck, and is reported as such (still one line, with
``MIGCHECK_DEBUG=1`` for the traceback).
"""

from __future__ import annotations


class MigcheckError(Exception):
    """A usage or environment error: bad option, missing file, unreachable database."""

    exit_code = 2


class ConfigError(MigcheckError):
    """Invalid ``[tool.migcheck]`` configuration or command-line option."""


class ProjectError(MigcheckError):
    """No Alembic project where one was expected, or an unreadable ``alembic.ini``."""


class GitError(MigcheckError):
    """``--since`` could not be resolved: not a git repository, unknown ref, git missing."""


class BackendError(MigcheckError):
    """A database backend could not be started or reached."""


class RehearsalError(MigcheckError):
    """The rehearsal could not proceed (refused database, unknown revision, ...)."""
