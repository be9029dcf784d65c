"""The human report: findings grouped by file, with the statement and the fix.

``path:line: severity[rule] message`` keeps editors and terminals able to jump to the line.
Colour comes from rich, which honours NO_COLOR and plain output when not on a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from migcheck.lint import LintResult
from migcheck.model import Finding, Severity
from migcheck.report.paths import display_path
from migcheck.report.summary import summarize

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
MAX_SQL_LINES = 4


def _sql_excerpt(sql: str) -> list[str]:
    lines = [line.strip() for line in sql.strip().splitlines() if line.strip()]
    if len(lines) > MAX_SQL_LINES:
        lines = [*lines[: MAX_SQL_LINES - 1], "…"]
    return lines


def print_lint(
    result: LintResult, console: Console, fail_on: Severity | None, *, show_sql: bool
) -> None:
    if show_sql:
        _print_sql(result, console)
    by_file: dict[Path | None, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_file[finding.file].append(finding)
    revisions = {u.file: u.revision for u in result.units if u.revision is not None}
    # Plain text when nothing is styled (a pipe, a file, NO_COLOR): same words, no markup.
    plain = console.no_color or not console.is_terminal
    if plain:
        console.file.write(_plain_findings(by_file, revisions, show_sql))
    else:
        _rich_findings(by_file, revisions, show_sql, console)
    _print_summary(result, console, fail_on)


def _plain_findings(
    by_file: dict[Path | None, list[Finding]], revisions: dict, show_sql: bool
) -> str:
    out: list[str] = []
    for file, findings in by_file.items():
        path = display_path(file) or "<project>"
        revision = revisions.get(file) if file is not None else None
        if revision is not None:
            out.append(
                f"revision {revision.id}" + (f" · {revision.message}" if revision.message else "")
            )
        else:
            out.append(path)
        for f in findings:
            where = f"{path}:{f.line}" if f.line else path
            out.append(f"  {where}: {f.severity}[{f.rule}] {f.message}")
            if f.statement and not show_sql:
                out.extend(f"    │ {line}" for line in _sql_excerpt(f.statement))
            if f.fix:
                out.append(f"    = help: {f.fix}")
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _rich_findings(
    by_file: dict[Path | None, list[Finding]], revisions: dict, show_sql: bool, console: Console
) -> None:
    for file, findings in by_file.items():
        path = display_path(file) or "<project>"
        revision = revisions.get(file) if file is not None else None
        if revision is not None:
            title = f" · {revision.message}" if revision.message else ""
            console.print(f"[bold]revision {escape(revision.id)}[/bold][dim]{escape(title)}[/dim]")
        else:
            console.print(f"[bold]{escape(path)}[/bold]")
        for f in findings:
            where = f"{escape(path)}:{f.line}" if f.line else escape(path)
            console.print(
                f"  {where}: [{_STYLE[f.severity]}]{f.severity}\\[{escape(f.rule)}][/] "
                f"{escape(f.message)}",
                highlight=False,
            )
            if f.statement and not show_sql:
                for line in _sql_excerpt(f.statement):
                    console.print(f"    [dim]│ {escape(line)}[/dim]", highlight=False)
            if f.fix:
                console.print(f"    [green]= help:[/green] {escape(f.fix)}", highlight=False)
        console.print()


def _print_summary(result: LintResult, console: Console, fail_on: Severity | None) -> None:
    s = summarize(result, fail_on)
    checked = (
        f"{s.revisions} revision{'s' if s.revisions != 1 else ''}"
        if s.revisions
        else f"{s.files} file{'s' if s.files != 1 else ''}"
    )
    online = (
        f"; {s.rendered_with_database} rendered on a throwaway database"
        if s.rendered_with_database
        else ""
    )
    if not result.findings:
        console.print(
            f"[green]✓ No findings[/green] in {checked} ({s.statements} statements){online}."
        )
        return
    parts = []
    for count, label, severity in (
        (s.errors, "error", Severity.ERROR),
        (s.warnings, "warning", Severity.WARNING),
        (s.info, "info", Severity.INFO),
    ):
        if count:
            plural = "s" if count != 1 and label != "info" else ""
            parts.append(f"[{_STYLE[severity]}]{count} {label}{plural}[/]")
    console.print(
        f"Found {', '.join(parts)} in {checked} ({s.statements} statements){online}.",
        highlight=False,
    )
    console.print("[dim]`migcheck rules RULE` explains a rule and the safe way to do it.[/dim]")


def _print_sql(result: LintResult, console: Console) -> None:
    """``--show-sql``: the rendered SQL of each revision, findings beside their statement."""
    at: dict[tuple[Path | None, int | None], list[Finding]] = defaultdict(list)
    for f in result.findings:
        at[(f.file, f.line)].append(f)
    by_unit: dict[Path, list] = defaultdict(list)
    for analyzed in result.analyzed:
        by_unit[analyzed.statement.file].append(analyzed)
    for unit in result.units:
        header = display_path(unit.file)
        if unit.revision is not None:
            header += f"  revision {unit.revision.id}"
        console.print(f"[bold]── {escape(header)}[/bold]")
        shown: set[int] = set()
        for analyzed in by_unit.get(unit.file, []):
            statement = analyzed.statement
            marker = "" if analyzed.in_transaction else " [dim](autocommit)[/dim]"
            sql_lines = statement.sql.strip().splitlines() or [""]
            console.print(
                f"[dim]{statement.line:>5} │[/dim] {escape(sql_lines[0])};"
                if len(sql_lines) == 1
                else f"[dim]{statement.line:>5} │[/dim] {escape(sql_lines[0])}",
                highlight=False,
                end="",
            )
            console.print(marker)
            for extra in sql_lines[1:]:
                console.print(f"[dim]      │[/dim] {escape(extra)}", highlight=False)
            if statement.line not in shown:
                for f in at.get((statement.file, statement.line), []):
                    console.print(
                        f"[dim]      │[/dim]   [{_STYLE[f.severity]}]^ {f.rule}[/]: {escape(f.message)}",
                        highlight=False,
                    )
                shown.add(statement.line)
        console.print()
