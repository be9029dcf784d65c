"""``--format junit``: one test suite per file, one test case per revision or statement."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from migcheck.lint import LintResult
from migcheck.model import Finding, Severity
from migcheck.report.paths import display_path


def lint_junit(result: LintResult, fail_on: Severity | None) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_file[display_path(f.file) or "<project>"].append(f)
    files = {display_path(u.file): u for u in result.units}
    suites = ET.Element("testsuites", name="migcheck lint")
    total_failures = 0
    for name in sorted(set(files) | set(by_file)):
        findings = by_file.get(name, [])
        failing = [f for f in findings if fail_on is not None and f.severity.rank >= fail_on.rank]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=name,
            tests=str(max(len(findings), 1)),
            failures=str(len(failing)),
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=name, name="no findings")
        for f in findings:
            case = ET.SubElement(
                suite, "testcase", classname=name, name=f"{f.rule} (line {f.line})", file=name
            )
            if f.line:
                case.set("line", str(f.line))
            if f in failing:
                failure = ET.SubElement(case, "failure", type=f.rule, message=f.message)
                failure.text = (f.statement or "") + (f"\n\n{f.fix}" if f.fix else "")
            else:
                ET.SubElement(case, "system-out").text = f"{f.severity}: {f.message}"
        total_failures += len(failing)
    suites.set("failures", str(total_failures))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
