"""``.sql`` files -> statements with their lines, split the way psql splits them.

The splitter knows single quotes (and ``E''`` escapes), double-quoted identifiers, dollar
quoting, ``--`` and nested ``/* */`` comments, so a semicolon inside a function body does not
end a statement; psql meta-commands (``\\set``, ``\\i``) end at the end of their line and are
skipped. Each statement keeps the line of its first token and its last line, so findings and
``-- migcheck: ignore[...]`` comments line up with the file.
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


def split_sql(text: str, first_line: int = 1) -> list[Piece]:
    """Split ``text`` into statements at top-level semicolons."""
    pieces: list[Piece] = []
    i = 0
    n = len(text)
    line = first_line
    start: int | None = None  # index of the first token of the current statement
    start_line = line
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
            continue
        if char in " \t\r\f":
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
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
        if start is None and char == "\\":
            # A psql meta-command (\set ON_ERROR_STOP on, \i file.sql) ends at the end of its
            # line, not at a semicolon: swallowing the next statement (often BEGIN) into it
            # would lose the transaction.
            end = text.find("\n", i)
            i = n if end == -1 else end
            continue
        if start is None:
            start = i
            start_line = line
        if char == ";":
            body = text[start:i].strip()
            if body and body != ";":
                pieces.append(Piece(body, start_line, line))
            start = None
            i += 1
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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Unit(file=path, statements=[], problem=RenderProblem(f"cannot read: {reason}"))
    statements = [
        Statement(sql=p.sql, file=path, line=p.line, end_line=p.end_line, in_transaction=False)
        for p in split_sql(text)
    ]
    return Unit(file=path, statements=statements, autocommit_by_default=True)
