"""``--format json``."""

from __future__ import annotations

from migcheck import __version__
from migcheck.lint import LintResult
from migcheck.model import Severity
from migcheck.report.paths import display_path
from migcheck.report.schema import FindingModel, LintReportModel
from migcheck.report.summary import summarize


def lint_json(result: LintResult, fail_on: Severity | None) -> str:
    report = LintReportModel(
        version=__version__,
        findings=[
            FindingModel(
                rule=f.rule,
                severity=f.severity,
                message=f.message,
                file=display_path(f.file) or None,
                line=f.line,
                revision=f.revision,
                statement=f.statement,
                fix=f.fix,
            )
            for f in result.findings
        ],
        summary=summarize(result, fail_on),
    )
    return report.model_dump_json(indent=2) + "\n"
