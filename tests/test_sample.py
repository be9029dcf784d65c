"""``sample_migrations``: its ``# expect:`` markers are the ground truth, and every report format
renders it faithfully."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from helpers import describe, expected, keys, run_cli
from typer.testing import CliRunner

from migcheck.cli import app
from migcheck.config import load_config
from migcheck.lint import LintOptions, LintResult, lint
from migcheck.model import Severity
from migcheck.report.schema import LintReportModel
from migcheck.rules import RULES

SAMPLE = Path(__file__).resolve().parent.parent / "sample_migrations"
VERSIONS = SAMPLE / "migrations" / "versions"

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_result() -> LintResult:
    config, _ = load_config(SAMPLE)  # the sample's own [tool.migcheck]: pg-version, tables
    return lint(LintOptions(paths=[SAMPLE], config=config, offline_only=True, use_cache=False))


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _lint_cli(*args: str) -> tuple[int, str]:
    return _cli("lint", str(SAMPLE), "--offline-only", "--no-cache", *args)


# --------------------------------------------------------------------------- ground truth


def test_sample_findings_are_exactly_the_markers(sample_result: LintResult) -> None:
    want = expected(sorted(VERSIONS.glob("*.py")))
    got = keys(sample_result.findings)
    assert got == want, (
        f"missing: {sorted(want - got)}\nunexpected: {sorted(got - want)}\n"
        f"all findings:\n{describe(sample_result.findings)}"
    )


def test_sample_has_many_rules_and_every_revision_linted(sample_result: LintResult) -> None:
    rules = {f.rule for f in sample_result.findings if f.severity is not Severity.INFO}
    assert len(rules) >= 15
    revision_files = set(VERSIONS.glob("*.py"))
    assert {u.file for u in sample_result.units} == revision_files
    assert all(f.revision for f in sample_result.findings if f.file in revision_files)


# --------------------------------------------------------------------------- report formats


def test_json_report_matches_its_schema(sample_result: LintResult) -> None:
    code, output = _lint_cli("--format", "json")
    assert code == 1
    report = LintReportModel.model_validate_json(output)
    raw = json.loads(output)
    for finding in raw["findings"]:
        assert {"rule", "severity", "message", "file", "line", "revision", "statement"} <= set(
            finding
        )
    assert len(report.findings) == len(sample_result.findings)
    by_key = {(Path(f.file or "").name, f.line, f.rule) for f in report.findings}
    assert by_key == {
        (f.file.name if f.file else "", f.line, f.rule) for f in sample_result.findings
    }
    assert report.summary.errors == sample_result.count(Severity.ERROR)
    assert report.summary.warnings == sample_result.count(Severity.WARNING)
    assert report.summary.failed is True
    placed_at = next(f for f in report.findings if f.rule == "set-not-null-scan")
    assert placed_at.revision == "1d9f4a6c0e53"
    assert placed_at.statement == "ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL"


def test_sarif_report_shape(sample_result: LintResult) -> None:
    code, output = _lint_cli("--format", "sarif")
    assert code == 1
    document = json.loads(output)
    assert document["version"] == "2.1.0"
    assert "sarif" in document["$schema"]
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "migcheck"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert set(rule_ids) == set(RULES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == len(sample_result.findings)
    for entry in results:
        assert entry["ruleId"] in RULES
        assert rule_ids[entry["ruleIndex"]] == entry["ruleId"]
        assert entry["level"] in ("error", "warning", "note")
        assert entry["message"]["text"]
        location = entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith(".py")
        assert location["region"]["startLine"] >= 1


def test_github_annotations(sample_result: LintResult) -> None:
    code, output = _lint_cli("--format", "github")
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == len(sample_result.findings)
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+\.py,line=\d+,title=migcheck ")
    for line in lines:
        assert pattern.match(line), line
    assert any(line.startswith("::warning file=") for line in lines)
    assert any(line.startswith("::error file=") for line in lines)


def test_junit_report_parses(sample_result: LintResult) -> None:
    code, output = _lint_cli("--format", "junit")
    assert code == 1
    root = ET.fromstring(output)
    assert root.tag == "testsuites"
    failing = [f for f in sample_result.findings if f.severity.rank >= Severity.WARNING.rank]
    assert int(root.get("failures", "-1")) == len(failing)
    failures = root.findall(".//failure")
    assert len(failures) == len(failing)
    assert {failure.get("type") for failure in failures} == {f.rule for f in failing}


def test_markdown_report_has_a_table(sample_result: LintResult) -> None:
    code, output = _lint_cli("--format", "markdown")
    assert code == 1
    lines = output.splitlines()
    assert "| | Rule | Where | Finding |" in lines
    assert "|---|---|---|---|" in lines
    rows = [line for line in lines if line.startswith("| ") and "`" in line]
    assert len(rows) == len(sample_result.findings)


def test_text_report_and_output_file(tmp_path: Path) -> None:
    code, output = _lint_cli()
    assert code == 1
    assert "warning[index-not-concurrent]" in output
    assert "5c2e7f81d3a9_add_payments.py:47" in output
    target = tmp_path / "report.json"
    code, output = _lint_cli("--format", "json", "-o", str(target))
    assert code == 1
    assert LintReportModel.model_validate_json(target.read_text(encoding="utf-8")).findings


def test_show_sql_prints_the_rendered_sql() -> None:
    code, output = _lint_cli("--show-sql")
    assert code == 1
    assert "CREATE INDEX ix_orders_created_at ON orders (created_at)" in output
    assert "ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL" in output
    assert "index-not-concurrent" in output


def test_fail_on_and_rule_selection() -> None:
    code, _ = _lint_cli("--fail-on", "never")
    assert code == 0
    code, _ = _lint_cli("--fail-on", "error", "--select", "drop-column")
    assert code == 0
    code, output = _lint_cli("--select", "drop-column", "--format", "json")
    assert code == 1
    assert {f["rule"] for f in json.loads(output)["findings"]} == {"drop-column"}
    code, output = _lint_cli("--ignore", "no-such-rule")
    assert code == 2
    assert "no-such-rule" in output


# --------------------------------------------------------------------------- migcheck rules


def test_rules_lists_every_rule() -> None:
    code, output = _cli("rules")
    assert code == 0
    for rule_id in RULES:
        assert rule_id in output
    code, output = _cli("rules", "--format", "json")
    assert code == 0
    assert {rule["id"] for rule in json.loads(output)} == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_explains_why_example_and_instead(rule_id: str) -> None:
    code, output = _cli("rules", rule_id)
    assert code == 0
    rule = RULES[rule_id]
    assert rule_id in output
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert heading in output
    assert rule.example.splitlines()[0].strip() in output
    assert f"# migcheck: ignore[{rule_id}]" in output  # how to silence it, spelled out
    for field in (rule.why, rule.summary, rule.instead, rule.example):
        assert field.strip(), f"{rule_id}: empty documentation"


def test_unknown_rule_exits_2() -> None:
    run = run_cli("rules", "no-such-rule")
    assert run.code == 2
    assert "unknown rule 'no-such-rule'" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr
