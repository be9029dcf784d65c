"""Rules about the history and the rendering, reported by the linter itself (no SQL check)."""

from __future__ import annotations

from migcheck.model import Severity
from migcheck.rules.base import Rule, define

HISTORY = "history"

MULTIPLE_HEADS = define(
    Rule(
        id="multiple-heads",
        severity=Severity.ERROR,
        family=HISTORY,
        summary="The history has more than one head.",
        why=(
            "`alembic upgrade head` refuses to run with several heads ('Multiple head "
            "revisions are present'), usually because two branches each added a revision on "
            "the same parent. The deploy fails."
        ),
        example="a1b2 -> c3d4 (head)\na1b2 -> e5f6 (head)",
        instead="Merge them: `alembic merge -m 'merge heads' c3d4 e5f6`, or rebase one revision.",
    )
)

BROKEN_HISTORY = define(
    Rule(
        id="broken-history",
        severity=Severity.ERROR,
        family=HISTORY,
        summary="A cycle, a missing parent or a duplicate revision id in the history.",
        why=(
            "Alembic cannot order the revisions: `alembic upgrade` fails for everyone. It "
            "usually comes from a revision copied without changing its id, or a down_revision "
            "that names a revision that was deleted or never committed."
        ),
        example='revision = "c3d4"\ndown_revision = "zzzz"  # no such revision',
        instead="Fix down_revision (or the duplicated revision id) so the graph is a DAG again.",
    )
)

RENDER_FAILED = define(
    Rule(
        id="render-failed",
        severity=Severity.WARNING,
        family=HISTORY,
        summary="A revision could not be rendered to SQL, so it was not (fully) checked.",
        why=(
            "migcheck renders each revision offline (no database, env.py not run). A revision "
            "with a syntax error, an import that fails even with stand-ins, or code that reads "
            "the database and cannot be rendered on the throwaway server either is checked only "
            "up to the failure. The message names the cause and the line."
        ),
        example="conn = op.get_bind()\nfor row in conn.execute(sa.text('SELECT ...')): ...",
        instead=(
            "Fix the cause if it is a bug; let migcheck use its database fallback (do not pass "
            "--offline-only); or keep data migrations in plain SQL."
        ),
    )
)

RENDER_APPROXIMATE = define(
    Rule(
        id="render-approximate",
        severity=Severity.INFO,
        family=HISTORY,
        summary="A revision was rendered with a stand-in for an import that failed, or on an "
        "empty database.",
        why=(
            "The revision imports a module that cannot be imported here (the application is not "
            "installed, its settings are missing). migcheck replaced it with a permissive "
            "stand-in; SQL built from it (a custom column type, an app enum) is approximate.\n\n"
            "Or the revision reads the application's rows (a data migration in Python): it was "
            "rendered on a throwaway database that has the schema and no rows, so what it does "
            "for each row is not seen."
        ),
        example="from myapp.models.types import Money  # myapp not importable in CI",
        instead=(
            "For a stand-in: make the application importable where migcheck runs (install it, "
            "set prepend_sys_path), or keep revisions free of application imports. For a data "
            "migration: rehearse it on seeded tables (`migcheck rehearse`), or write it in SQL, "
            "which lint reads whole."
        ),
    )
)

EDITED_REVISION = define(
    Rule(
        id="edited-revision",
        severity=Severity.ERROR,
        family=HISTORY,
        summary="A revision that already existed at --since REF was changed.",
        why=(
            "Databases that already applied the revision will never run the new version: "
            "production and fresh environments silently diverge. An edit of comments or layout "
            "only (the same Python syntax tree, e.g. an added suppression) is not reported."
        ),
        example="git diff main -- migrations/versions/1a2b_add_orders.py  # modified",
        instead="Revert the edit and write a new revision with the change.",
    )
)

UNPARSED_STATEMENT = define(
    Rule(
        id="unparsed-statement",
        severity=Severity.INFO,
        family=HISTORY,
        summary="A statement migcheck could not understand, so no rule checked it.",
        why=(
            "Neither sqlglot nor migcheck's fallback recognised the statement. It is shown so "
            "that nothing is skipped silently (another database's syntax is an error of its "
            "own: not-postgresql)."
        ),
        example="ALTER TABLE FROM WHERE  -- a reserved word where a table name should be",
        instead="Check it by hand; report it to migcheck if it is valid PostgreSQL.",
    )
)
