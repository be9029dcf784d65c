"""``.sql`` files -> statements with their lines, split the way psql splits them.

The splitter knows single quotes (and ``E''`` escapes), double-quoted identifiers, dollar
quoting, ``--`` and nested ``/* */`` comments, and SQL-standard ``BEGIN ATOMIC ... END`` bodies,
so a semicolon inside a function body does not end a statement. As in psql: meta-commands
(``\\set``, ``\\i``) end at the end of their line and are skipped, except ``\\c`` (a new
session, kept as a statement of its own) and ``\\g``/``\\gexec``, which end the statement
before them like a semicolon; the data lines after ``COPY ... FROM stdin;`` up to ``\\.`` are
data, not statements; a UTF-8 byte order mark is ignored. Each statement keeps the line of its
first token and its last line, so findings and ``-- migcheck: ignore[...]`` comments line up
with the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from migcheck.model import RenderProblem, Statement, Unit


@dataclass(frozen=True, slots=True)
class Piece:
    sql: str
    line: int  # 1-based line of the first token
    end_line: int


_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
_WORD = re.compile(r"[\w$]+")
_COPY_FROM_STDIN = re.compile(r"^COPY\b.*\bFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)
_ROUTINE = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b", re.IGNORECASE)
# psql meta-commands that send the query buffer, as a semicolon does.
_SENDS = re.compile(r"\\(g|gx|gexec|gset|gdesc|crosstabview|watch)\b")
_COPY_META_FROM_STDIN = re.compile(r"\\copy\b.*\bfrom\s+(stdin|pstdin)\b", re.IGNORECASE)
# psql meta-commands that open a new connection (a new session).
CONNECT = re.compile(r"\\(c|connect)\b")
# Whitespace and comments, any number: what may stand before or after a statement's words.
SPACE_AND_COMMENTS = r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"


def split_sql(
    text: str, first_line: int = 1, *, comments: dict[int, str] | None = None
) -> list[Piece]:
    """Split ``text`` into statements at top-level semicolons; ``comments``, when given,
    receives the ``--`` comment of each line that has one (suppressions are read from it)."""
    pieces: list[Piece] = []
    i = 0
    n = len(text)
    line = first_line
    start: int | None = None  # index of the first token of the current statement
    start_line = line
    atomic_depth = 0  # inside BEGIN ATOMIC ... END: BEGIN/CASE ... END nesting

    def finish(end: int) -> int | None:
        """Close the statement that ends at ``end``; where to go on if data rows follow it."""
        body = text[start:end].strip()
        if not body or body == ";":
            return None
        pieces.append(Piece(body, start_line, line))
        return skip_rows(end) if _COPY_FROM_STDIN.match(body) else None

    def skip_rows(end: int) -> int:
        """psql reads COPY's rows itself, from the line after ``end`` up to a line holding
        only \\.; where they end."""
        nonlocal line
        newline = text.find("\n", end)
        while newline != -1:
            line += 1
            following = text.find("\n", newline + 1)
            row_end = n if following == -1 else following
            if text[newline + 1 : row_end].rstrip("\r") == "\\.":
                return row_end
            newline = following
        return n

    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
            continue
        if char in " \t\r\f\ufeff":
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            if comments is not None:
                comments[line] = text[i:end]
            i = end
            continue
        if text.startswith("/*", i):
            depth = 0
            while i < n:
                if text.startswith("/*", i):
                    depth += 1
                    i += 2
                elif text.startswith("*/", i):
                    depth -= 1
                    i += 2
                    if depth == 0:
                        break
                else:
                    if text[i] == "\n":
                        line += 1
                    i += 1
            continue
        if char == "\\":
            # A psql meta-command (\set ON_ERROR_STOP on, \i file.sql) ends at the end of its
            # line, not at a semicolon: swallowing the next statement (often BEGIN) into it
            # would lose the transaction.
            end = text.find("\n", i)
            end = n if end == -1 else end
            if start is not None and _SENDS.match(text, i):
                resume = finish(i)  # SELECT ... \gexec: the query ends here
                start = None
                i = max(end, resume or end)
                continue
            if start is None and CONNECT.match(text, i):
                pieces.append(Piece(text[i:end].strip(), line, line))
            if start is None and _COPY_META_FROM_STDIN.match(text, i, end):
                end = skip_rows(i)  # \copy ... from stdin: its rows follow, up to \.
            i = end
            continue
        if start is None:
            start = i
            start_line = line
            atomic_depth = 0
        if char.isalpha() or char == "_":
            word = _WORD.match(text, i)
            assert word is not None
            upper = word.group(0).upper()
            if atomic_depth:
                if upper in ("BEGIN", "CASE"):
                    atomic_depth += 1
                elif upper == "END":
                    atomic_depth -= 1
            elif (
                upper == "ATOMIC"
                and _ROUTINE.match(text, start)
                and re.search(r"\bBEGIN\s+$", text[start:i], re.IGNORECASE)
            ):
                atomic_depth = 1
            i = word.end()
            continue
        if char == ";" and not atomic_depth:
            resume = finish(i)
            start = None
            i = resume if resume is not None else i + 1
            continue
        if char == "'":
            escape = i > 0 and text[i - 1] in "eE" and (i < 2 or not text[i - 2].isalnum())
            i += 1
            while i < n:
                if text[i] == "\n":
                    line += 1
                if escape and text[i] == "\\":
                    i += 2
                    continue
                if text[i] == "'":
                    if i + 1 < n and text[i + 1] == "'":
                        i += 2
                        continue
                    break
                i += 1
            i += 1
            continue
        if char == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\n":
                    line += 1
                i += 1
            i += 1
            continue
        if char == "$":
            match = _DOLLAR.match(text, i)
            if match and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = match.group(0)
                end = text.find(tag, match.end())
                stop = n if end == -1 else end + len(tag)
                line += text.count("\n", i, stop)
                i = stop
                continue
        i += 1
    if start is not None:
        body = text[start:].strip()
        if body:
            pieces.append(Piece(body, start_line, line))
    return pieces


def read_sql_file(path: Path) -> Unit:
    """A ``.sql`` file as a unit: each statement commits on its own unless inside BEGIN ...
    COMMIT (psql's autocommit), which the linter tracks from the statements themselves."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Unit(file=path, statements=[], problem=RenderProblem(f"cannot read: {reason}"))
    statements = [
        Statement(sql=p.sql, file=path, line=p.line, end_line=p.end_line, in_transaction=False)
        for p in split_sql(text)
    ]
    return Unit(file=path, statements=statements, autocommit_by_default=True)
