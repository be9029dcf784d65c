"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from migcheck import __version__
from migcheck.lint import LintResult
from migcheck.model import Severity
from migcheck.report.paths import display_path
from migcheck.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def lint_sarif(result: LintResult) -> str:
    rule_ids = sorted(RULES)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        rule = RULES[rule_id]
        help_text = f"{rule.why}\n\nInstead: {rule.instead}"
        rules.append(
            {
                "id": rule.id,
                "name": "".join(part.capitalize() for part in rule.id.split("-")),
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.why},
                "help": {
                    "text": help_text,
                    "markdown": f"{rule.why}\n\n**Example**\n\n```python\n{rule.example}\n```\n\n"
                    f"**Instead**: {rule.instead}",
                },
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                "properties": {"tags": [rule.family, "postgresql", "migration"]},
            }
        )
    results = []
    for f in result.findings:
        entry: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
        }
        if f.file is not None:
            entry["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f.file),
                        "region": {"startLine": max(f.line or 1, 1)},
                    }
                }
            ]
        if f.revision:
            entry["properties"] = {"revision": f.revision}
        results.append(entry)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "migcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/migcheck/migcheck",
                        "rules": rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _artifact(file: Path) -> dict[str, str]:
    """A URI reference (RFC 3986: spaces and the like percent-encoded), relative to the source
    root when the file is below the working directory, else an absolute file: URI."""
    shown = display_path(file)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown), "uriBaseId": "%SRCROOT%"}
