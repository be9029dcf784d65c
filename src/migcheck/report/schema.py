"""The JSON report's schema (pydantic), shared by ``--format json`` and its consumers.

{"findings": [{"rule", "severity", "message", "file", "line", "revision", "statement"}],
 "summary": {...}}
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from migcheck.model import Severity


class FindingModel(BaseModel):
    rule: str
    severity: Severity
    message: str
    file: str | None
    line: int | None = Field(description="line of the operation call, or of the SQL statement")
    revision: str | None = Field(description="revision id; null for .sql files")
    statement: str | None = Field(description="the rendered SQL statement, if any")
    fix: str | None = None


class SummaryModel(BaseModel):
    files: int
    revisions: int
    statements: int
    findings: int
    errors: int
    warnings: int
    info: int
    by_rule: dict[str, int]
    rendered_with_database: int = 0
    fail_on: Severity | None  # None: never
    failed: bool


class LintReportModel(BaseModel):
    version: str
    findings: list[FindingModel]
    summary: SummaryModel
