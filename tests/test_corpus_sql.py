"""The labelled ``.sql`` corpus: every finding on the right line, and nothing else.

Each case under ``tests/corpus/sql/`` is a ``.sql`` file, or a directory of ``.sql`` files linted
together in name order (the schema model carries tables and column types from one file to the
next). In the files:

* ``-- expect: rule-id[, rule-id]`` on the line directly above a statement: a warning or error
  finding of each rule, on that statement's first line;
* ``-- expect-info: rule-id[, ...]``: the same for info findings;
* ``-- migcheck-test: assume-in-transaction`` / ``-- migcheck-test: pg-version=N``: options.

A statement without a marker must produce no finding at all. The scores (precision and recall
of warning/error findings over the whole corpus) are printed by ``test_corpus_scores``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from migcheck.config import MigcheckConfig
from migcheck.lint import LintOptions, lint
from migcheck.model import Finding, Severity
from migcheck.rules import RULES
from migcheck.sqlfile import split_sql

CORPUS = Path(__file__).parent / "corpus" / "sql"

# Rules the linter reports about Alembic histories and rendering, never about SQL text.
NOT_SQL_RULES = {
    "multiple-heads",
    "broken-history",
    "render-failed",
    "render-approximate",
    "edited-revision",
}

_MARKER = re.compile(r"^\s*--\s*expect(?P<info>-info)?:\s*(?P<rules>.+?)\s*$")
_DIRECTIVE = re.compile(r"^\s*--\s*migcheck-test:\s*(?P<directive>.+?)\s*$")

Key = tuple[str, int, str]  # (file name, line, rule)


@dataclass
class Case:
    path: Path
    files: list[Path]
    pg_version: int = 15
    assume_in_transaction: bool = False
    expected: set[Key] = field(default_factory=set)
    expected_info: set[Key] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.path.name


def _case_paths() -> list[Path]:
    return sorted(
        p
        for p in CORPUS.iterdir()
        if (p.is_file() and p.suffix == ".sql") or (p.is_dir() and any(p.glob("*.sql")))
    )


def _read_case(path: Path) -> Case:
    files = sorted(path.glob("*.sql")) if path.is_dir() else [path]
    case = Case(path=path, files=files)
    for file in files:
        lines = file.read_text(encoding="utf-8").splitlines()
        starts = {piece.line for piece in split_sql("\n".join(lines))}
        for index, text in enumerate(lines):
            directive = _DIRECTIVE.match(text)
            if directive:
                _apply_directive(case, directive.group("directive"), file)
                continue
            marker = _MARKER.match(text)
            if not marker:
                continue
            target = index + 1
            while target < len(lines) and _MARKER.match(lines[target]):
                target += 1
            line = target + 1  # 1-based
            if line not in starts:
                raise AssertionError(
                    f"{file.name}:{index + 1}: marker is not directly above a statement"
                )
            rules = [r.strip() for r in marker.group("rules").split(",") if r.strip()]
            for rule in rules:
                if rule not in RULES:
                    raise AssertionError(f"{file.name}:{index + 1}: unknown rule {rule}")
            bucket = case.expected_info if marker.group("info") else case.expected
            bucket.update((file.name, line, rule) for rule in rules)
    return case


def _apply_directive(case: Case, directive: str, file: Path) -> None:
    if directive == "assume-in-transaction":
        case.assume_in_transaction = True
    elif directive.startswith("pg-version="):
        case.pg_version = int(directive.split("=", 1)[1])
    else:
        raise AssertionError(f"{file.name}: unknown directive {directive!r}")


@cache
def _run(path: Path) -> tuple[Case, tuple[Finding, ...]]:
    case = _read_case(path)
    result = lint(
        LintOptions(
            paths=[case.path],
            config=MigcheckConfig(pg_version=case.pg_version),
            assume_in_transaction=case.assume_in_transaction,
            use_cache=False,
        )
    )
    return case, tuple(result.findings)


def _key(finding: Finding) -> Key:
    return (finding.file.name if finding.file else "?", finding.line or 0, finding.rule)


def _split(findings: tuple[Finding, ...]) -> tuple[dict[Key, Finding], dict[Key, Finding]]:
    reported: dict[Key, Finding] = {}
    info: dict[Key, Finding] = {}
    for finding in findings:
        target = info if finding.severity is Severity.INFO else reported
        target.setdefault(_key(finding), finding)
    return reported, info


def _source_line(case: Case, file_name: str, line: int) -> str:
    for file in case.files:
        if file.name == file_name:
            lines = file.read_text(encoding="utf-8").splitlines()
            if 0 < line <= len(lines):
                return lines[line - 1].strip()
    return "?"


def _diff(case: Case, expected: set[Key], actual: dict[Key, Finding], what: str) -> list[str]:
    lines: list[str] = []
    for key in sorted(expected - set(actual)):
        file_name, line, rule = key
        lines.append(
            f"  missing {what} {file_name}:{line} [{rule}]  | {_source_line(case, file_name, line)}"
        )
    for key in sorted(set(actual) - expected):
        file_name, line, rule = key
        lines.append(
            f"  unexpected {what} {file_name}:{line} [{rule}] {actual[key].message}\n"
            f"      | {_source_line(case, file_name, line)}"
        )
    return lines


@pytest.mark.parametrize("path", _case_paths(), ids=lambda p: p.name)
def test_corpus_case(path: Path) -> None:
    case, findings = _run(path)
    reported, info = _split(findings)
    problems = _diff(case, case.expected, reported, "finding") + _diff(
        case, case.expected_info, info, "info"
    )
    if problems:
        pytest.fail(f"{case.name}: findings differ from the markers\n" + "\n".join(problems))


def test_corpus_covers_every_sql_rule() -> None:
    """Each rule that can fire on SQL has at least one labelled positive in the corpus."""
    labelled: set[str] = set()
    for path in _case_paths():
        case = _read_case(path)
        labelled |= {rule for _, _, rule in case.expected | case.expected_info}
    missing = sorted(set(RULES) - NOT_SQL_RULES - labelled)
    assert not missing, f"rules without a positive case in tests/corpus/sql: {missing}"


def test_corpus_scores(capsys: pytest.CaptureFixture[str]) -> None:
    """Precision and recall of warning/error findings over the whole corpus, per rule too."""
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    statements = 0
    for path in _case_paths():
        case, findings = _run(path)
        reported, _ = _split(findings)
        statements += sum(len(split_sql(f.read_text(encoding="utf-8"))) for f in case.files)
        for key in set(reported) & case.expected:
            true_pos[key[2]] += 1
        for key in set(reported) - case.expected:
            false_pos[key[2]] += 1
        for key in case.expected - set(reported):
            false_neg[key[2]] += 1
    tp, fp, fn = sum(true_pos.values()), sum(false_pos.values()), sum(false_neg.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    with capsys.disabled():
        print(
            f"\ncorpus: {len(_case_paths())} cases, {statements} statements, "
            f"{tp + fn} labelled findings"
        )
        print(f"precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
        for rule in sorted(set(true_pos) | set(false_pos) | set(false_neg)):
            print(
                f"  {rule:36} tp {true_pos[rule]:3}  fp {false_pos[rule]:3}  fn {false_neg[rule]:3}"
            )
    assert precision == 1.0
    assert recall == 1.0
