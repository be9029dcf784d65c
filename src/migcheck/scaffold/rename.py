"""``migcheck rename``: read the table from a replayed database, plan, write the revisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from migcheck.errors import MigcheckError
from migcheck.online import OnlineRunner
from migcheck.project import AlembicProject, find_project, refuse_broken_history
from migcheck.render import Loader
from migcheck.scaffold.introspect import TableInfo, read_table
from migcheck.scaffold.plans import plan_column_rename, plan_table_rename
from migcheck.scaffold.writer import WrittenRevision, write_plans


@dataclass(slots=True)
class RenameRequest:
    project_path: Path
    kind: str  # "column" | "table"
    table: str
    old: str  # column (kind=column) or table (kind=table)
    new: str
    batch_size: int = 10_000
    dry_run: bool = False
    backend: str = "embedded"
    image: str = "postgres:17"
    section: str = "alembic"
    pg_version: int = 15
    message: str | None = None  # prefix for every revision's message
    start_schema: Path | None = None  # SQL applied before replaying (see rehearse.start_schema)
    from_revision: str | None = None  # the revision start_schema is at (None: before the first)


@dataclass(slots=True)
class RenameResult:
    project: AlembicProject
    table: TableInfo
    head: str
    written: list[WrittenRevision]


def single_head(project: AlembicProject) -> str:
    heads = project.history.heads
    if not heads:
        raise MigcheckError(f"{project.script_location}: no revisions to build on")
    if len(heads) > 1:
        raise MigcheckError(
            f"{project.script_location}: {len(heads)} heads ({', '.join(heads)}); merge them "
            "first (alembic merge), the rename needs a single head to chain on"
        )
    return heads[0]


def read_schema(
    project: AlembicProject,
    table: str,
    backend: str,
    image: str,
    say: Callable[[str], None],
    *,
    start_schema: Path | None = None,
    from_revision: str | None = None,
) -> TableInfo:
    """Replay every revision into a throwaway database and read ``table`` from its catalog.

    With ``start_schema`` (SQL: the tables no revision makes, from ``create_all()`` or by hand),
    that is applied first, stamped at ``from_revision``, and only the revisions after it are
    replayed."""
    from migcheck.rehearse.backends import connect, open_database
    from migcheck.rehearse.start_schema import apply_start_schema, read_start_schema

    history = project.history
    order = history.order
    stamp: list[str] = []
    if from_revision is not None:
        try:
            stamp = history.resolve_all(from_revision)
        except KeyError as missing:
            raise MigcheckError(
                f"--from {from_revision}: no revision {missing.args[0]!r} in "
                f"{project.script_location}"
            ) from None
        done = history.applied_at(stamp)
        order = [rid for rid in order if rid not in done]
    start_sql = read_start_schema(start_schema) if start_schema is not None else None
    with open_database(backend, image=image, on_status=say) as database:
        if start_schema is not None and start_sql is not None:
            say(f"applying {start_schema}" + (f", stamped at {', '.join(stamp)}" if stamp else ""))
            apply_start_schema(database, start_schema, start_sql, stamp)
        engine = sa.create_engine(database.url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                runner = OnlineRunner(
                    connection,
                    Loader(
                        sys_paths=[*project.sys_paths, project.root],
                        naming_convention=project.env.naming_convention,
                    ),
                    project.ini_file,
                    transaction_per_migration=True,
                )
                try:
                    say(f"replaying {len(order)} revisions to read {table}")
                    results = runner.replay([history.revisions[r] for r in order], on_note=say)
                finally:
                    runner.close()
                failed = next((r for r in results if r.error is not None), None)
                if failed is not None or len(results) != len(order):
                    unit = failed.unit if failed else None
                    where = unit.label if unit else "a revision"
                    problem = unit.problem.message if unit and unit.problem else "stopped"
                    if "42P01" in problem and start_schema is None:  # undefined_table
                        problem += (
                            " (a table the application makes with create_all() rather than a "
                            "revision? --start-schema hands such a schema over)"
                        )
                    raise MigcheckError(
                        f"cannot replay the history to read {table}: {where} failed: {problem}"
                    )
                approximate = [r.unit.label for r in results if r.unit.standins]
                if approximate:
                    # Imports that failed were stood in for: what those revisions built from
                    # them may differ from what production has.
                    say(
                        f"note: {', '.join(approximate)} replayed with stand-ins for imports "
                        f"that failed here: check {table} below against production"
                    )
        finally:
            engine.dispose()
        with connect(database) as conn:
            return read_table(conn, table)


def rename(request: RenameRequest, say: Callable[[str], None] = lambda _: None) -> RenameResult:
    project = find_project(request.project_path, request.section)
    if request.kind not in ("column", "table"):
        raise MigcheckError(f"unknown rename kind {request.kind!r}: expected column or table")
    refuse_broken_history(project)  # as rehearse does, before a server starts
    head = single_head(project)
    table_name = request.table if request.kind == "column" else request.old
    info = read_schema(
        project,
        table_name,
        request.backend,
        request.image,
        say,
        start_schema=request.start_schema,
        from_revision=request.from_revision,
    )
    if request.kind == "column":
        plans = plan_column_rename(
            info,
            request.old,
            request.new,
            batch_size=request.batch_size,
            pg_version=request.pg_version,
        )
    else:
        plans = plan_table_rename(info, request.new, pg_version=request.pg_version)
    if request.message:
        for plan in plans:
            plan.message = f"{request.message}: {plan.message}"
    written = write_plans(project, plans, head, dry_run=request.dry_run, section=request.section)
    return RenameResult(project=project, table=info, head=head, written=written)
