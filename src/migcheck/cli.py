"""The ``migcheck`` command line: options in, one call per command, output out.

Exit codes (every command): 0 clean, 1 findings at or above ``--fail-on`` (or a rehearsal
budget exceeded), 2 usage or environment error (one line on stderr, never a traceback).
Heavy modules (SQLAlchemy, Alembic, sqlglot, database drivers) are imported inside the commands
so that ``migcheck --help`` starts instantly.
"""

from __future__ import annotations

import io
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from migcheck import __version__
from migcheck.errors import MigcheckError
from migcheck.model import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="migcheck",
    help=(
        "Migration safety for SQLAlchemy + Alembic on PostgreSQL.\n\n"
        "lint predicts (offline, before commit), rehearse measures (on a real, seeded "
        "PostgreSQL, in CI), rename writes zero-downtime expand-contract revisions.\n\n"
        "Exit codes: 0 clean, 1 findings or budget exceeded, 2 usage or environment error."
    ),
    no_args_is_help=True,
    # Markdown: a docstring's single line breaks are joined (rich mode keeps them, which
    # leaves ragged lines in an 80-column terminal); `code` is shown as code.
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _stderr() -> Console:
    # soft_wrap: an error is one line, however long its path (rich would break it at the width).
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line on stderr and exit."""
    # escape: messages name things like "[billing]" or "ignore[rule]", which are not markup.
    _stderr().print(f"[bold red]migcheck: error:[/bold red] {escape(message)}", markup=True)
    raise typer.Exit(code)


def check_output(output: Path | None) -> None:
    """Refuse an --output path that cannot be written before any work is done (a rehearsal
    can take minutes to find out otherwise)."""
    if output is None:
        return
    if output.is_dir():
        fail(f"--output {output}: is a directory")
    if output.exists():  # /dev/null, /dev/stdout, a report written before
        if not os.access(output, os.W_OK):
            fail(f"--output {output}: not writable")
        return
    parent = output.parent
    if not parent.is_dir():
        fail(f"--output {output}: no such directory {parent}")
    if not os.access(parent, os.W_OK):
        fail(f"--output {output}: cannot create a file in {parent}")


def _quiet_driver_logs() -> None:
    """psycopg logs a warning when Ctrl-C or SIGTERM interrupts the cancelling of a query; with
    no logging configured it lands on stderr beside our own one-line message."""
    import logging

    logging.getLogger("psycopg").addHandler(logging.NullHandler())


def check_budget(option: str, value: float | None) -> None:
    if value is not None and not value > 0:
        fail(f"{option} {value:g}: a budget must be greater than 0")


def _version(value: bool) -> None:
    if value:
        print(f"migcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Migration safety for SQLAlchemy + Alembic on PostgreSQL."""


# Options several commands share.
SectionOption = Annotated[
    str, typer.Option("--name", "-n", help="alembic.ini section, as `alembic -n`.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="pyproject.toml to read \\[tool.migcheck] from.")
]


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"


class FailOn(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"
    never = "never"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  migcheck lint sample_migrations                # a project (dir with alembic.ini)\n\n"
        "  migcheck lint migrations/versions/ab12_x.py    # one revision, whole history as context\n\n"
        "  migcheck lint --since origin/main              # only revisions changed on this branch\n\n"
        "  migcheck lint --format sarif -o migcheck.sarif # for GitHub code scanning\n\n"
        "  migcheck lint schema/*.sql --pg-version 13     # plain SQL files, psql semantics\n\n"
        "Silence one finding with `# migcheck: ignore\\[rule-id] reason` on (or above) the "
        "operation, or configure \\[tool.migcheck] in pyproject.toml."
    )
)
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Alembic project dirs, alembic.ini files, migration dirs, revision files or "
            ".sql files. Default: the current directory.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LintFormat.text,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Exit 1 when a finding is at least this severe. \\[default: warning]"),
    ] = None,
    pg_version: Annotated[
        int | None,
        typer.Option(help="Oldest PostgreSQL major version you run. \\[default: 15]"),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rules (repeat or comma-separate).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Never these rules (repeat or comma-separate).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only revisions added or changed since this git ref; flags edited revisions.",
            metavar="GITREF",
        ),
    ] = None,
    name: SectionOption = "alembic",
    config_file: ConfigOption = None,
    table_sizes: Annotated[
        Path | None,
        typer.Option(
            help="File of `table rows` lines (or .toml/.json): small tables get info, not warnings."
        ),
    ] = None,
    assume_in_transaction: Annotated[
        bool,
        typer.Option(help=".sql files run inside one transaction (a tool wraps them)."),
    ] = False,
    show_sql: Annotated[
        bool, typer.Option(help="Print each revision's rendered SQL with its findings.")
    ] = False,
    offline_only: Annotated[
        bool,
        typer.Option(
            help="Never start a throwaway database for revisions that read from it "
            "(they get render-failed)."
        ),
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Render every revision again.")
    ] = False,
) -> None:
    """Check revisions for operations that lock or rewrite tables, or break running code.

    Each revision is rendered to SQL offline (env.py is not run, no database needed), parsed
    and checked against a schema model folded from the whole history, so only changes to
    tables that already exist are hazards. Findings point at the line of the operation in the
    revision file.
    """
    from migcheck.config import load_config, load_table_sizes
    from migcheck.lint import LintOptions
    from migcheck.lint import lint as run_lint

    check_output(output)
    targets = paths or [Path.cwd()]
    config, config_path = load_config(targets[0], config_file)
    if config_path is not None:
        where = f"{config_path}: [tool.migcheck]"
        _check_rule_ids(config.select or [], f"{where} select")
        _check_rule_ids(config.ignore, f"{where} ignore")
    overrides: dict[str, object] = {}
    if pg_version is not None:
        overrides["pg_version"] = pg_version
    if select:
        overrides["select"] = _split_list(select)
    if ignore:
        overrides["ignore"] = [*config.ignore, *_split_list(ignore)]
    if overrides:
        from migcheck.config import parse_config

        merged = {**config.model_dump(by_alias=False), **overrides}
        config = parse_config(merged, source="command line", options=True)
    _check_rule_ids(_split_list(select) if select else [], "--select")
    _check_rule_ids(_split_list(ignore) if ignore else [], "--ignore")
    sizes = load_table_sizes(table_sizes) if table_sizes is not None else {}
    threshold = _threshold(fail_on, config.fail_on)
    options = LintOptions(
        paths=targets,
        config=config,
        since=since,
        section=name,
        assume_in_transaction=assume_in_transaction,
        offline_only=offline_only,
        use_cache=not no_cache,
        table_rows=sizes,
    )
    result = run_lint(options)
    text = _render_lint(result, output_format, threshold, show_sql=show_sql, to_file=output)
    if output is not None:
        try:
            output.write_text(text or "", encoding="utf-8")
        except OSError as exc:
            fail(f"--output {output}: {exc.strerror or exc}")
    elif text is not None:
        sys.stdout.write(text)
    failing = threshold is not None and any(
        f.severity.rank >= threshold.rank for f in result.findings
    )
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _threshold(option: FailOn | None, configured: Severity | str) -> Severity | None:
    if option is None:
        return configured if isinstance(configured, Severity) else None
    if option is FailOn.never:
        return None
    return Severity(option.value)


def _render_lint(
    result: object,
    output_format: LintFormat,
    threshold: Severity | None,
    *,
    show_sql: bool,
    to_file: Path | None,
) -> str | None:
    from migcheck.lint import LintResult

    assert isinstance(result, LintResult)
    level = threshold
    match output_format:
        case LintFormat.json:
            from migcheck.report.json_format import lint_json

            return lint_json(result, level)
        case LintFormat.sarif:
            from migcheck.report.sarif import lint_sarif

            return lint_sarif(result)
        case LintFormat.github:
            from migcheck.report.github import lint_github

            return lint_github(result)
        case LintFormat.junit:
            from migcheck.report.junit import lint_junit

            return lint_junit(result, level)
        case LintFormat.markdown:
            from migcheck.report.markdown import lint_markdown

            return lint_markdown(result, level)
        case _:
            from migcheck.report.text import print_lint

            if to_file is not None:
                import io

                text = io.StringIO()
                print_lint(
                    result, Console(file=text, width=120, no_color=True), level, show_sql=show_sql
                )
                return text.getvalue()
            print_lint(result, Console(highlight=False, soft_wrap=True), level, show_sql=show_sql)
            return None


def _split_list(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _check_rule_ids(ids: list[str], where: str) -> None:
    from migcheck.rules import RULES

    unknown = [rule for rule in ids if rule not in RULES]
    if unknown:
        fail(f"{where}: unknown rule {', '.join(unknown)} (see `migcheck rules` for the list)")


@app.command()
def rules(
    rule_id: Annotated[
        str | None, typer.Argument(help="A rule id, e.g. index-not-concurrent.", show_default=False)
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the rules, or explain one: what it flags, why, an example, what to do instead."""
    from migcheck.report.rules_doc import print_rule, print_rules, rules_json

    if output_format not in ("text", "json"):
        fail(f"--format {output_format}: expected text or json")
    if output_format == "json":
        sys.stdout.write(rules_json(rule_id))
        return
    console = Console(highlight=False)
    if rule_id is None:
        print_rules(console)
    else:
        print_rule(console, rule_id)


class Backend(StrEnum):
    auto = "auto"
    docker = "docker"
    embedded = "embedded"
    url = "url"


class RehearseFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    markdown = "markdown"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  migcheck rehearse sample_migrations                       # every revision, 1M rows/table\n\n"
        "  migcheck rehearse . --since origin/main --max-lock-ms 2000  # CI: this branch's revisions\n\n"
        "  migcheck rehearse . --from 1a2b3c --rows 5000000 --format markdown -o rehearse.md\n\n"
        '  migcheck rehearse . --backend url --database-url "$STAGING_URL" --allow-writes\n\n'
        "Budgets (exceeded -> exit 1) can also live in \\[tool.migcheck.rehearse]."
    )
)
def rehearse(
    path: Annotated[
        Path, typer.Argument(help="The Alembic project (dir with alembic.ini, or the ini file).")
    ] = Path(),
    backend: Annotated[
        Backend | None,
        typer.Option(
            help="Where the database comes from; auto = docker if an engine answers, else embedded."
        ),
    ] = None,
    image: Annotated[
        str | None, typer.Option(help="Docker image. \\[default: postgres:17]")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="With --backend url: a database you hand over (a staging copy, a branch).",
            envvar="MIGCHECK_DATABASE_URL",
        ),
    ] = None,
    allow_writes: Annotated[
        bool, typer.Option(help="Allow migcheck to migrate (and seed) the --database-url database.")
    ] = False,
    from_revision: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=(
                "Rehearse the revisions after this one (the database starts there). Several, "
                "comma-separated, when the history has more than one head there (a,b)."
            ),
            metavar="REV[,REV]",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Rehearse the revisions added since this git ref.", metavar="GITREF"),
    ] = None,
    start_schema: Annotated[
        Path | None,
        typer.Option(
            help="SQL of the schema the revisions start from (pg_dump --schema-only --no-owner "
            "--no-privileges of production), applied first and stamped at --from REV instead of "
            "upgrading to it: for tables made by create_all() or by hand.",
            metavar="FILE",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    rows: Annotated[
        int | None,
        typer.Option(
            help="Rows seeded per existing table, except tables given a count of their own in "
            "\\[tool.migcheck.rehearse.rows] (a lookup table of 250 rows stays small). "
            "\\[default: 1,000,000, or \\[tool.migcheck.rehearse]; with --backend url: none "
            "unless given]",
            min=0,
        ),
    ] = None,
    rows_from: Annotated[
        str | None,
        typer.Option(
            help="Read row counts and NULL shares from this (production) URL, read-only.",
            metavar="URL",
        ),
    ] = None,
    max_lock_ms: Annotated[
        float | None, typer.Option(help="Budget: longest SHARE-or-stronger lock held on a table.")
    ] = None,
    max_row_lock_ms: Annotated[
        float | None,
        typer.Option(
            help="Budget: longest time rows of a table stayed locked by an UPDATE or DELETE, "
            "until its transaction ended (writes to those rows wait that long; the probes "
            "never touch rows, so --max-blocked-ms does not see it)."
        ),
    ] = None,
    max_blocked_ms: Annotated[
        float | None, typer.Option(help="Budget: longest wait of the probes' reads or writes.")
    ] = None,
    max_statement_ms: Annotated[
        float | None, typer.Option(help="Budget: slowest statement.")
    ] = None,
    max_duration: Annotated[
        float | None,
        typer.Option(
            help="Budget: the revisions' upgrades in all, in seconds (as a deploy waits for "
            "them; starting the server and seeding do not count)."
        ),
    ] = None,
    downgrade: Annotated[
        bool, typer.Option(help="Also run each downgrade, then upgrade again (round trip).")
    ] = False,
    output_format: Annotated[
        RehearseFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RehearseFormat.text,
    output: OutputOption = None,
    all_statements: Annotated[
        bool,
        typer.Option(help="Show every statement in the summary table, not just the notable ones."),
    ] = False,
    name: SectionOption = "alembic",
    config_file: ConfigOption = None,
) -> None:
    """Replay revisions on a production-sized throwaway PostgreSQL and measure what happens.

    Per statement: time, locks taken and how long they were held, tables rewritten, indexes
    built, and how long concurrent reads and writes (probe connections) waited, beside what
    lint predicted. Exit 1 when a statement fails or a budget is exceeded.
    """
    from migcheck.config import load_config
    from migcheck.rehearse.runner import Budgets, RehearseOptions
    from migcheck.rehearse.runner import rehearse as run_rehearsal

    check_output(output)
    for option, value in [
        ("--max-lock-ms", max_lock_ms),
        ("--max-row-lock-ms", max_row_lock_ms),
        ("--max-blocked-ms", max_blocked_ms),
        ("--max-statement-ms", max_statement_ms),
        ("--max-duration", max_duration),
    ]:
        check_budget(option, value)
    if from_revision and since:
        fail("--from and --since both choose where the rehearsal starts: give one of them")
    config, _ = load_config(path, config_file)
    settings = config.rehearse
    if backend is None:
        backend = Backend.url if database_url else Backend(settings.backend)
    if database_url and backend is not Backend.url:
        fail("--database-url needs --backend url")
    if backend is Backend.url and not database_url:
        fail("--backend url needs --database-url (or MIGCHECK_DATABASE_URL)")
    if start_schema and backend is Backend.url:
        fail(
            f"--start-schema {start_schema}: only a throwaway server (docker or embedded) takes "
            "a schema; a --database-url database has its own"
        )
    if image and backend in (Backend.embedded, Backend.url):
        fail(f"--image {image}: only a docker server has an image (--backend docker or auto)")
    budgets = Budgets(
        max_lock_ms=max_lock_ms if max_lock_ms is not None else settings.max_lock_ms,
        max_blocked_ms=max_blocked_ms if max_blocked_ms is not None else settings.max_blocked_ms,
        max_statement_ms=max_statement_ms
        if max_statement_ms is not None
        else settings.max_statement_ms,
        max_duration=max_duration if max_duration is not None else settings.max_duration,
        max_row_lock_ms=max_row_lock_ms
        if max_row_lock_ms is not None
        else settings.max_row_lock_ms,
    )
    options = RehearseOptions(
        path=path,
        config=config,
        section=name,
        backend=backend.value,
        image=image or settings.image,
        database_url=database_url,
        allow_writes=allow_writes,
        from_revision=from_revision,
        since=since,
        default_rows=rows,
        rows_from=rows_from,
        downgrade=downgrade,
        budgets=budgets,
        probe_interval_ms=settings.probe_interval_ms,
        start_schema=start_schema,
    )
    _quiet_driver_logs()
    to_stderr = output_format is not RehearseFormat.text or output is not None
    console = Console(highlight=False, stderr=to_stderr)
    if not console.is_terminal:
        # Piped or in CI: progress and errors on one line each, not cut at 80 columns.
        console = Console(highlight=False, stderr=to_stderr, width=200)
    from migcheck.rehearse.live import LiveProgress

    with LiveProgress(console) as progress:
        result = run_rehearsal(options, progress)
    report = result.report
    from migcheck.rehearse import report as formats

    text: str | None
    match output_format:
        case RehearseFormat.json:
            text = formats.rehearsal_json(report)
        case RehearseFormat.junit:
            text = formats.rehearsal_junit(report)
        case RehearseFormat.markdown:
            text = formats.rehearsal_markdown(report)
        case _:
            text = None
    if text is None:
        if output is not None:
            recorder = Console(file=io.StringIO(), record=True, width=160)
            formats.print_rehearsal(report, recorder, all_statements=all_statements)
            text = recorder.export_text()
        else:
            screen = Console(highlight=False)
            if not screen.is_terminal:
                screen = Console(highlight=False, width=200)  # CI logs: no wrapping
            formats.print_rehearsal(report, screen, all_statements=all_statements)
    if text is not None:
        if not text.endswith("\n"):
            text += "\n"
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                fail(f"--output {output}: {exc.strerror or exc}")
            formats.print_rehearsal(report, console, all_statements=all_statements)
        else:
            sys.stdout.write(text)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_CLEAN)


rename_app = typer.Typer(
    help=(
        "Write the expand-contract revisions for a zero-downtime rename.\n\n"
        "The revisions are ordinary Alembic files chained on the current head, each with a "
        "working downgrade and a docstring naming the deploy step that must come before the "
        "next one. The table's exact schema comes from replaying the migrations into a "
        "throwaway PostgreSQL (embedded by default)."
    ),
    no_args_is_help=True,
)
app.add_typer(rename_app, name="rename")


ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="The Alembic project (dir with alembic.ini).")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the plan and the files; write nothing.")
]


class ReplayBackend(StrEnum):
    """Where rename replays the history: a throwaway server only (never a user's database)."""

    auto = "auto"
    docker = "docker"
    embedded = "embedded"


BackendOption = Annotated[
    ReplayBackend,
    typer.Option(help="Where to replay the migrations (a throwaway server) to read the schema."),
]
RenameStartSchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--start-schema",
        help="SQL of the tables no revision makes (create_all(), by hand; pg_dump --schema-only "
        "--no-owner --no-privileges), applied before the revisions are replayed.",
        metavar="FILE",
        exists=True,
        dir_okay=False,
    ),
]
RenameFromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=(
            "With --start-schema: the revision that schema is at (only later ones replayed); "
            "several, comma-separated, for more than one head."
        ),
        metavar="REV[,REV]",
    ),
]


@rename_app.command("column")
def rename_column(
    table: Annotated[str, typer.Argument(help="The table (schema.table or table).")],
    old: Annotated[str, typer.Argument(help="The column's current name.")],
    new: Annotated[str, typer.Argument(help="The column's new name.")],
    project: ProjectOption = Path(),
    dry_run: DryRunOption = False,
    batch_size: Annotated[
        int, typer.Option(help="Rows per backfill batch (each its own transaction).", min=1)
    ] = 10_000,
    message: Annotated[
        str | None, typer.Option("--message", "-m", help="Prefix for the revision messages.")
    ] = None,
    backend: BackendOption = ReplayBackend.embedded,
    start_schema: RenameStartSchemaOption = None,
    from_revision: RenameFromOption = None,
    name: SectionOption = "alembic",
) -> None:
    """Rename TABLE.OLD to NEW: expand, backfill, constraints, validate, contract."""
    _rename(
        "column",
        table,
        old,
        new,
        project,
        dry_run,
        batch_size,
        message,
        backend,
        name,
        start_schema=start_schema,
        from_revision=from_revision,
    )


@rename_app.command("table")
def rename_table(
    old: Annotated[str, typer.Argument(help="The table's current name.")],
    new: Annotated[str, typer.Argument(help="The table's new name.")],
    project: ProjectOption = Path(),
    dry_run: DryRunOption = False,
    message: Annotated[
        str | None, typer.Option("--message", "-m", help="Prefix for the revision messages.")
    ] = None,
    backend: BackendOption = ReplayBackend.embedded,
    start_schema: RenameStartSchemaOption = None,
    from_revision: RenameFromOption = None,
    name: SectionOption = "alembic",
) -> None:
    """Rename table OLD to NEW, with an updatable view under the old name until the contract."""
    _rename(
        "table",
        old,
        old,
        new,
        project,
        dry_run,
        10_000,
        message,
        backend,
        name,
        start_schema=start_schema,
        from_revision=from_revision,
    )


def _rename(
    kind: str,
    table: str,
    old: str,
    new: str,
    project: Path,
    dry_run: bool,
    batch_size: int,
    message: str | None,
    backend: ReplayBackend,
    section: str,
    *,
    start_schema: Path | None = None,
    from_revision: str | None = None,
) -> None:
    from rich.syntax import Syntax

    from migcheck.config import load_config
    from migcheck.report.paths import display_path
    from migcheck.scaffold.plans import deploy_note
    from migcheck.scaffold.rename import RenameRequest, rename

    if from_revision and start_schema is None:
        fail("--from needs --start-schema: rename replays the whole history otherwise")
    config, _ = load_config(project)
    _quiet_driver_logs()
    err = _stderr()
    request = RenameRequest(
        project_path=project,
        kind=kind,
        table=table,
        old=old,
        new=new,
        batch_size=batch_size,
        dry_run=dry_run,
        backend=backend.value,
        section=section,
        pg_version=config.pg_version,
        message=message,
        start_schema=start_schema,
        from_revision=from_revision,
    )
    result = rename(request, say=lambda text: err.print(f"[dim]· {text}[/dim]"))
    console = Console(highlight=False)
    what = f"{result.table.qualified}.{old} -> {new}" if kind == "column" else f"{old} -> {new}"
    verb = "Would write" if dry_run else "Wrote"
    console.print(
        f"[bold]{verb} {len(result.written)} revisions for {what}[/bold] (on head {result.head}):",
        soft_wrap=True,
    )
    for item in result.written:
        console.print(
            f"  {display_path(item.path)}  [dim]{escape(item.plan.message)}[/dim]", soft_wrap=True
        )
    if dry_run:
        for item in result.written:
            console.print(f"\n[bold]── {display_path(item.path)}[/bold]", soft_wrap=True)
            if console.is_terminal:
                console.print(
                    Syntax(
                        item.source,
                        "python",
                        theme="ansi_dark",
                        background_color="default",
                        word_wrap=True,
                    )
                )
            else:  # piped or redirected: the file exactly, never cut at the console width
                console.file.write(item.source)
    console.print("\n[bold]Deploy steps[/bold]")
    for number, item in enumerate(result.written, start=1):
        console.print(
            f"  {number}. {item.revision}: {escape(item.plan.message)}. "
            f"{escape(deploy_note(item.plan))}",
            soft_wrap=True,
        )


def run() -> None:
    """Entry point: turn every error into one line and a documented exit code."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except MigcheckError as exc:
        _stderr().print(f"[bold red]migcheck: error:[/bold red] {escape(str(exc))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _stderr().print("migcheck: interrupted")
        sys.exit(130)
    except typer.Abort:
        _stderr().print("migcheck: interrupted")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, ...
        _usage_error(exc)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # our own bugs
        if os.environ.get("MIGCHECK_DEBUG"):
            raise
        _stderr().print(
            f"[bold red]migcheck: internal error:[/bold red] {type(exc).__name__}: "
            f"{escape(str(exc))} "
            "(set MIGCHECK_DEBUG=1 for the traceback, and please report it)"
        )
        sys.exit(EXIT_ERROR)


def _usage_error(exc: typer.TyperException) -> None:
    """One line for a usage error (click prints the usage block, a hint and the error)."""
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "migcheck"
    if type(exc).__name__ == "NoArgsIsHelpError":  # `migcheck` alone: the help is the answer
        _stderr().print(escape(str(exc)), soft_wrap=True, highlight=False)
        return
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    _stderr().print(
        f"[bold red]{escape(command)}: error:[/bold red] {escape(message)} "
        f"(see '{escape(command)} -h')",
        soft_wrap=True,
        highlight=False,
    )
