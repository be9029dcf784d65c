"""Rehearsal reports: the summary table, JSON, JUnit and Markdown (a pull-request comment)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from migcheck.analysis.facts import LockMode
from migcheck.rehearse.model import (
    RehearsalModel,
    RevisionModel,
    RowLocksModel,
    StatementModel,
)
from migcheck.report.paths import display_path

_SHORT_MODE = {mode.pg_name: mode.sql_name for mode in LockMode}
# Statements faster than this with no strong lock and no waiting are left out of the table.
QUIET_MS = 20.0
# An UPDATE or DELETE whose rows stayed locked this long gets a verdict of its own.
ROWS_LOCKED_NOTABLE_MS = 1000.0


def _short_sql(sql: str, width: int = 60) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _statement_text(statement: StatementModel, width: int = 60) -> str:
    """The statement, shortened; a loop's shows its first run and how many there were."""
    if statement.repeated == 1:
        return _short_sql(statement.sql, width)
    runs = f" ({statement.repeated:,} runs)"
    return _short_sql(statement.sql, max(width - len(runs), 20)) + runs


def _count(statements: list[StatementModel]) -> int:
    """Statements sent, a loop's runs each counted."""
    return sum(statement.repeated for statement in statements)


def _ms(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:.0f} s"
    if value >= 1000:
        return f"{value / 1000:.1f} s"
    return f"{value:.0f} ms" if value >= 1 else f"{value:.1f} ms"


def _locks(statement: StatementModel) -> str:
    strong = [
        f"{_SHORT_MODE.get(lock.mode, lock.mode)} {lock.table} {_ms(lock.held_ms)}"
        for lock in statement.locks
        if LockMode.from_pg_name(lock.mode) >= LockMode.SHARE_UPDATE_EXCLUSIVE
    ]
    rows = [_row_locks(locked) for locked in _shown_row_locks(statement)]
    return ", ".join(strong + rows)


def _shown_row_locks(statement: StatementModel) -> list[RowLocksModel]:
    """The row locks worth a line: those of a table's first UPDATE or DELETE in a
    transaction (which counts the later ones' rows too, and was held longest), held at least
    QUIET_MS. A loop of thousands of UPDATEs is one line, a batch committed quickly none (the
    JSON report has every statement's)."""
    return [
        locked
        for locked in statement.rows_locked
        if locked.transaction_rows is not None and locked.held_ms >= QUIET_MS
    ]


def _row_locks(locked: RowLocksModel) -> str:
    rows = locked.transaction_rows or locked.rows
    text = f"{rows:,} row{'s' if rows != 1 else ''} of {locked.table} {_ms(locked.held_ms)}"
    if rows > locked.rows:
        text += f" ({locked.rows:,} by this statement, the rest by later ones)"
    return text


def _rows_locked_ms(statement: StatementModel) -> float:
    """How long the rows of an UPDATE or DELETE (or a loop of them) stayed locked."""
    return max((locked.held_ms for locked in _shown_row_locks(statement)), default=0.0)


def verdict(statement: StatementModel) -> str:
    if statement.error:
        return "FAILED"
    # Whole waits of the queries that arrived during the statement (see StatementModel).
    waited = statement.waited_ms
    worst = max(waited.read, waited.write)
    on = f" on {', '.join(statement.blocked_on)}" if statement.blocked_on else ""
    if waited.read >= 1 and waited.write >= 1:
        return f"blocked reads+writes {_ms(worst)}{on}"
    if waited.write >= 1:
        return f"blocked writes {_ms(waited.write)}{on}"
    if waited.read >= 1:
        return f"blocked reads {_ms(waited.read)}{on}"
    if statement.rewritten:
        return "rewrote"
    if (rows_locked := _rows_locked_ms(statement)) >= ROWS_LOCKED_NOTABLE_MS:
        return f"rows locked {_ms(rows_locked)}"
    return "ok"


def _interesting(statement: StatementModel) -> bool:
    return bool(
        statement.error
        or statement.predicted
        or statement.rewritten
        or statement.duration_ms >= QUIET_MS
        or max(statement.waited_ms.read, statement.waited_ms.write) >= 1
        or _locks(statement)
    )


def print_rehearsal(
    report: RehearsalModel, console: Console, *, all_statements: bool = False
) -> None:
    table = Table(title="migcheck rehearse", header_style="bold", show_lines=False)
    for column in (
        "revision",
        "line",
        "statement",
        "time",
        "locks held (≥ SHARE UPDATE EXCL., rows)",
        "rewrite",
        "blocked r/w",
        "lint",
        "verdict",
    ):
        table.add_column(column, overflow="fold")
    hidden = 0
    for revision in report.revisions:
        label = revision.revision[:12] + (
            "" if revision.direction == "upgrade" else f" ({revision.direction})"
        )
        for statement in revision.statements:
            if not all_statements and not _interesting(statement):
                hidden += statement.repeated
                continue
            v = verdict(statement)
            style = (
                "red"
                if v.startswith(("FAILED", "blocked reads"))
                else ("yellow" if v != "ok" else "green")
            )
            table.add_row(
                label,
                str(statement.line),
                escape(_statement_text(statement)),
                _ms(statement.duration_ms),
                escape(_locks(statement)),
                ", ".join(statement.rewritten),
                f"{_ms(statement.waited_ms.read)} / {_ms(statement.waited_ms.write)}",
                ", ".join(statement.predicted),
                f"[{style}]{escape(v)}[/]",
            )
    if report.revisions:  # nothing rehearsed: the lines below say why
        console.print(table)
    # The lines below are one finding each: never wrapped (CI logs and files are searched).
    say = partial(console.print, soft_wrap=True)
    total = sum(_count(r.statements) for r in report.revisions)
    shown = (
        f"; {hidden} quick ones without strong locks or waiting are not shown "
        "(--all-statements shows them)"
        if hidden
        else ""
    )
    say(f"[dim]{total} statements in {len(report.revisions)} revision runs{shown}.[/dim]")
    seeded = sum(report.seed.tables.values())
    say(
        f"Backend: {escape(report.backend)}. Seeded {seeded:,} rows in "
        f"{len(report.seed.tables)} tables ({report.seed.seconds:.1f} s). Total {report.duration_seconds:.1f} s."
    )
    for warning in report.warnings:
        say(f"[yellow]warning:[/yellow] {escape(warning)}")
    for warning in report.seed.warnings:
        say(f"[yellow]seed warning:[/yellow] {escape(warning)}")
    for note in report.seed.notes:
        say(f"[dim]seed note: {escape(note)}[/dim]")
    for revision in report.revisions:
        if revision.error:
            where = (
                f"{display_path(Path(revision.file))}:{revision.error_line}"
                if revision.error_line
                else display_path(Path(revision.file))
            )
            say(
                f"[bold red]FAILED[/bold red] revision {revision.revision} ({escape(where)}): {escape(revision.error)}"
            )
    for mismatch in report.mismatches:
        say(
            f"[magenta]mismatch[/magenta] {mismatch.revision} line {mismatch.line}: {escape(mismatch.message)}"
        )
    for violation in report.budget_violations:
        say(
            f"[bold red]budget exceeded[/bold red] {violation.budget} {violation.limit:g}: {escape(violation.message)}"
        )
    if not report.failed:
        say("[green]✓ rehearsal passed[/green]")


def rehearsal_json(report: RehearsalModel) -> str:
    return report.model_dump_json(indent=2) + "\n"


def rehearsal_junit(report: RehearsalModel) -> str:
    suites = ET.Element("testsuites", name="migcheck rehearse")
    failures = 0
    for run, revision in enumerate(report.revisions):
        name = f"{revision.revision} {revision.direction}"
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=name,
            time=f"{revision.duration_ms / 1000:.3f}",
        )
        suite_failures = 0
        quiet, quiet_ms = 0, 0.0
        for index, statement in enumerate(revision.statements):
            violations = [
                v for v in report.budget_violations if v.run == run and v.statement == index
            ]
            if not (violations or _interesting(statement)):
                # As in the summary table: a data migration's thousands of quick statements
                # are one test case, not thousands (the JSON report has every one).
                quiet, quiet_ms = quiet + statement.repeated, quiet_ms + statement.duration_ms
                continue
            case = ET.SubElement(
                suite,
                "testcase",
                classname=name,
                name=f"line {statement.line}: {_statement_text(statement, 80)}",
                time=f"{statement.duration_ms / 1000:.3f}",
            )
            if statement.error or violations:
                suite_failures += 1
                message = statement.error or "; ".join(v.message for v in violations)
                ET.SubElement(case, "failure", message=message).text = statement.sql
            ET.SubElement(case, "system-out").text = (
                f"locks: {_locks(statement) or '-'}; rewritten: {', '.join(statement.rewritten) or '-'}; "
                f"blocked read/write ms: {statement.waited_ms.read}/{statement.waited_ms.write}; "
                f"lint: {', '.join(statement.predicted) or '-'}"
            )
        if quiet:
            ET.SubElement(
                suite,
                "testcase",
                classname=name,
                name=f"{quiet} quick statements without strong locks or waiting",
                time=f"{quiet_ms / 1000:.3f}",
            )
        if revision.error and not any(s.error for s in revision.statements):
            # Not a statement's error (an exception in the revision's Python): name the place.
            suite_failures += 1
            file = display_path(Path(revision.file))
            where = f"{file}:{revision.error_line}" if revision.error_line else file
            case = ET.SubElement(
                suite, "testcase", classname=name, name=f"revision ({where})", file=file
            )
            ET.SubElement(case, "failure", message=f"{where}: {revision.error}")
        suite.set("tests", str(len(suite.findall("testcase"))))
        suite.set("failures", str(suite_failures))
        failures += suite_failures
    # Not one statement's: --max-duration (the revisions' time in all).
    global_violations = [v for v in report.budget_violations if v.statement is None]
    if global_violations:
        suite = ET.SubElement(suites, "testsuite", name="budgets", tests="1", failures="1")
        case = ET.SubElement(suite, "testcase", classname="budgets", name="max-duration")
        ET.SubElement(case, "failure", message="; ".join(v.message for v in global_violations))
        failures += 1
    if not report.revisions:
        # Nothing rehearsed (say, --since on a change without migrations): CI tools refuse a
        # report without test cases, so the reason is one, skipped.
        suite = ET.SubElement(suites, "testsuite", name="migcheck rehearse", tests="1")
        suite.set("skipped", "1")
        case = ET.SubElement(suite, "testcase", classname="rehearse", name="nothing to rehearse")
        reason = "; ".join(report.warnings) or "no revision was rehearsed"
        ET.SubElement(case, "skipped", message=reason)
    suites.set("failures", str(failures))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def rehearsal_markdown(report: RehearsalModel) -> str:
    lines = ["## migcheck rehearse", ""]
    status = "❌ failed" if report.failed else "✅ passed"
    seeded = sum(report.seed.tables.values())
    lines.append(
        f"**{status}** on {report.backend} — {seeded:,} rows seeded in {len(report.seed.tables)} tables, "
        f"{report.duration_seconds:.1f} s in total."
    )
    if report.revisions:  # nothing rehearsed: the warnings below say why
        lines += [
            "",
            "| Revision | Line | Statement | Time | Locks held | Rewrite | Blocked r/w | Lint "
            "| Verdict |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
    for revision in report.revisions:
        for statement in revision.statements:
            if not _interesting(statement):
                continue
            lines.append(
                "| `{}` | {} | `{}` | {} | {} | {} | {} / {} | {} | {} |".format(
                    revision.revision[:12]
                    + ("" if revision.direction == "upgrade" else f" {revision.direction}"),
                    statement.line,
                    _statement_text(statement, 50).replace("|", "\\|").replace("`", "'"),
                    _ms(statement.duration_ms),
                    _locks(statement) or "",
                    ", ".join(statement.rewritten),
                    _ms(statement.waited_ms.read),
                    _ms(statement.waited_ms.write),
                    ", ".join(f"`{r}`" for r in statement.predicted),
                    verdict(statement),
                )
            )
    extras = [f"- ⚠️ {warning}" for warning in report.warnings]
    extras += [f"- ⚠️ seeding: {warning}" for warning in report.seed.warnings]
    extras += [f"- seeding: {note}" for note in report.seed.notes]
    extras += [
        f"- ❌ `{r.revision}` line {r.error_line}: {r.error}" for r in report.revisions if r.error
    ]
    extras += [f"- ⚠️ mismatch `{m.revision}` line {m.line}: {m.message}" for m in report.mismatches]
    extras += [
        f"- ⏱️ budget `{v.budget}` ({v.limit:g}): {v.message}" for v in report.budget_violations
    ]
    if extras:
        lines += ["", *extras]
    return "\n".join(lines) + "\n"


def revision_line(revision: RevisionModel) -> str:
    """One line per revision for the live view."""
    slow = max((s.slowest_run_ms for s in revision.statements), default=0.0)
    blocked = max(
        (max(s.waited_ms.read, s.waited_ms.write) for s in revision.statements), default=0.0
    )
    state = "FAILED" if revision.error else "ok"
    return (
        f"{revision.revision[:12]} {revision.direction:<9} {_ms(revision.duration_ms):>8}  "
        f"{_count(revision.statements):>3} statements  slowest {_ms(slow)}  blocked {_ms(blocked)}  {state}"
    )
