"""``--format github``: GitHub Actions workflow commands (annotations on the pull request)."""

from __future__ import annotations

from migcheck.lint import LintResult
from migcheck.model import Severity
from migcheck.report.paths import display_path

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def lint_github(result: LintResult) -> str:
    lines = []
    for f in result.findings:
        props = []
        if f.file is not None:
            props.append(f"file={_property(display_path(f.file))}")
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_property('migcheck ' + f.rule)}")
        message = f.message + (f"\n{f.fix}" if f.fix else "")
        lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
