"""Counts every lint report shows."""

from __future__ import annotations

from collections import Counter

from migcheck.lint import LintResult
from migcheck.model import Severity
from migcheck.report.schema import SummaryModel


def summarize(result: LintResult, fail_on: Severity | None) -> SummaryModel:
    counts = Counter(f.severity for f in result.findings)
    return SummaryModel(
        files=len({u.file for u in result.units}),
        revisions=sum(1 for u in result.units if u.revision is not None),
        statements=len(result.analyzed),
        findings=len(result.findings),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        info=counts[Severity.INFO],
        by_rule=dict(sorted(Counter(f.rule for f in result.findings).items())),
        rendered_with_database=result.database_renders,
        fail_on=fail_on,
        failed=failed(result, fail_on),
    )


def failed(result: LintResult, fail_on: Severity | None) -> bool:
    """Whether a finding reaches ``fail_on`` (None: --fail-on never, nothing fails)."""
    return fail_on is not None and any(f.severity.rank >= fail_on.rank for f in result.findings)
