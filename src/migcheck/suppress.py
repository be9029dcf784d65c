"""``# migcheck: ignore[rule, ...]`` comments (``-- migcheck: ignore[...]`` in SQL).

A comment applies to the operation on its line (any line of a multi-line call) or, on a line of
its own, to the operation just below it. ``ignore-file[...]`` anywhere applies to the whole
file. Without a rule list, every rule is ignored. Text after the closing bracket is the reason,
and is encouraged: ``# migcheck: ignore[drop-column] code stopped using it in v41``.

Only real comments count: Python ``#`` comments (read with :mod:`tokenize`) and SQL ``--``
comments (read with the statement splitter); the same words inside a string literal, in the SQL
of ``op.execute("... -- migcheck: ignore[...]")`` or in a ``/* */`` block are data.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

_COMMENT = re.compile(
    r"(?:#|--)\s*migcheck:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<rules>[^\]]*)\])?", re.I
)
ALL = "*"


@dataclass(slots=True)
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    file_wide: set[str] = field(default_factory=set)
    standalone: set[int] = field(default_factory=set)  # lines holding only a comment
    call_end: dict[int, int] = field(default_factory=dict)  # python: call start -> end line

    @classmethod
    def from_file(cls, path: Path) -> Suppressions:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return cls()
        found = cls()
        if "migcheck" not in text.lower():
            return found  # most files: no suppression to look for, no tokenizing
        comments = _comments(text, python=path.suffix == ".py")
        lines = text.splitlines()
        for number, comment in comments.items():
            if 0 < number <= len(lines) and lines[number - 1].strip().startswith(comment.strip()):
                found.standalone.add(number)
            match = _COMMENT.search(comment)
            if not match:
                continue
            rules = {r.strip() for r in (match.group("rules") or "").split(",") if r.strip()}
            rules = rules or {ALL}
            if match.group("kind").lower() == "ignore-file":
                found.file_wide |= rules
            else:
                found.by_line.setdefault(number, set()).update(rules)
        if path.suffix == ".py" and found.by_line:
            found.call_end = _call_spans(text)
        return found

    def ignores(self, rule: str, line: int | None, end_line: int | None = None) -> bool:
        if rule in self.file_wide or ALL in self.file_wide:
            return True
        if line is None:
            return False
        last = end_line or self.call_end.get(line, line)
        for number in range(line, last + 1):
            rules = self.by_line.get(number)
            if rules and (rule in rules or ALL in rules):
                return True
        # Standalone comment lines directly above the statement.
        above = line - 1
        while above in self.standalone:
            rules = self.by_line.get(above)
            if rules and (rule in rules or ALL in rules):
                return True
            above -= 1
        return False


def _comments(text: str, *, python: bool) -> dict[int, str]:
    """The comment of each line that has one (from ``#`` or ``--`` to the end of the line)."""
    if not python:
        from migcheck.sqlfile import split_sql

        found: dict[int, str] = {}
        split_sql(text, comments=found)
        return found
    try:
        return {
            token.start[0]: token.string
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT
        }
    except (tokenize.TokenError, SyntaxError):
        # Not valid Python (the revision will say so): every '#' to the end of its line.
        return {
            number: line[line.index("#") :]
            for number, line in enumerate(text.splitlines(), start=1)
            if "#" in line
        }


def _call_spans(source: str) -> dict[int, int]:
    """For every line where a call starts, the last line of the longest call starting there."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    spans: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call | ast.With) and node.end_lineno is not None:
            start = node.lineno
            spans[start] = max(
                spans.get(start, start), node.end_lineno if isinstance(node, ast.Call) else start
            )
    return spans
