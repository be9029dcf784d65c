"""``--format markdown``: a pull-request comment."""

from __future__ import annotations

from migcheck.lint import LintResult
from migcheck.model import Severity
from migcheck.report.paths import display_path
from migcheck.report.summary import summarize

_ICON = {Severity.ERROR: "🛑", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}  # noqa: RUF001


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def lint_markdown(result: LintResult, fail_on: Severity | None) -> str:
    summary = summarize(result, fail_on)
    lines = ["## migcheck lint", ""]
    if not result.findings:
        lines.append(
            f"✅ No findings in {summary.revisions} revisions ({summary.statements} statements)."
        )
        return "\n".join(lines) + "\n"
    lines.append(
        f"**{summary.errors} errors, {summary.warnings} warnings, {summary.info} info** in "
        f"{summary.revisions} revisions ({summary.statements} statements)."
    )
    lines += ["", "| | Rule | Where | Finding |", "|---|---|---|---|"]
    for f in result.findings:
        where = f"`{display_path(f.file)}:{f.line}`" if f.file else ""
        lines.append(f"| {_ICON[f.severity]} | `{f.rule}` | {where} | {_cell(f.message)} |")
    lines += ["", "Run `migcheck rules RULE` for the why and the safe way."]
    return "\n".join(lines) + "\n"
