"""Another database's SQL in a PostgreSQL migration: syntax and type names PostgreSQL rejects.

Histories begun on SQLite or MySQL (or written from another database's habits) carry statements
that PostgreSQL refuses: ``sa.BLOB()`` renders as ``BLOB`` on the PostgreSQL dialect, and the
revision fails at deploy with ``type "blob" does not exist``. sqlglot reads most of these
anyway, translating BLOB to bytea and DATETIME to timestamp, so the rest of the analysis would
see a valid statement: the original words are looked at here, before that translation.

Every type name in :data:`FOREIGN_TYPES` was checked on a PostgreSQL 18 server (``CREATE TABLE
t (a BLOB)`` fails, ``NCHAR(3)`` and ``DOUBLE PRECISION`` do not). Types that extensions add
(``geometry``, ``citext``, ``vector``) are not in it; a domain or type of one of these names made
by an earlier revision is known to the schema model and not reported.
"""

from __future__ import annotations

import re

FOREIGN_TYPES: dict[str, tuple[str, str]] = {
    # name as written -> (where it comes from, what PostgreSQL has instead)
    "blob": ("SQLite, MySQL, Oracle", "bytea (sa.LargeBinary)"),
    "tinyblob": ("MySQL", "bytea (sa.LargeBinary)"),
    "mediumblob": ("MySQL", "bytea (sa.LargeBinary)"),
    "longblob": ("MySQL", "bytea (sa.LargeBinary)"),
    "binary": ("MySQL, SQL Server", "bytea (sa.LargeBinary)"),
    "varbinary": ("MySQL, SQL Server", "bytea (sa.LargeBinary)"),
    "image": ("SQL Server", "bytea (sa.LargeBinary)"),
    "raw": ("Oracle", "bytea (sa.LargeBinary)"),
    "bytes": ("Spark, CockroachDB", "bytea (sa.LargeBinary)"),
    "clob": ("Oracle, DB2", "text (sa.Text)"),
    "tinytext": ("MySQL", "text (sa.Text)"),
    "mediumtext": ("MySQL", "text (sa.Text)"),
    "longtext": ("MySQL", "text (sa.Text)"),
    "ntext": ("SQL Server", "text (sa.Text)"),
    "string": ("Spark, BigQuery", "text (sa.Text)"),
    "datetime": ("MySQL, SQLite, SQL Server", "timestamp or timestamptz (sa.DateTime)"),
    "datetime2": ("SQL Server", "timestamp or timestamptz (sa.DateTime)"),
    "smalldatetime": ("SQL Server", "timestamp (sa.DateTime)"),
    "tinyint": ("MySQL, SQL Server", "smallint (sa.SmallInteger) or boolean"),
    "int1": ("MySQL", "smallint (sa.SmallInteger)"),
    "mediumint": ("MySQL", "integer (sa.Integer)"),
    "double": ("MySQL", "double precision (sa.Double)"),
    "number": ("Oracle", "numeric (sa.Numeric)"),
    "binary_float": ("Oracle", "real (sa.REAL)"),
    "binary_double": ("Oracle", "double precision (sa.Double)"),
    "year": ("MySQL", "smallint, or a date"),
    "uniqueidentifier": ("SQL Server", "uuid (sa.Uuid)"),
    "smallmoney": ("SQL Server", "numeric(10, 4)"),
    "signed": ("MySQL", "integer (sa.Integer)"),
    "enum": ("MySQL", "a named type: CREATE TYPE ... AS ENUM (sa.Enum(..., name=...))"),
}

# Recognisably another dialect's syntax: PostgreSQL rejects these statements outright.
_SYNTAX = (
    (r"`[^`]+`", "backtick-quoted identifiers (MySQL)"),
    (r"\bENGINE\s*=\s*\w+", "ENGINE= (MySQL)"),
    (r"\bAUTO_INCREMENT\b", "AUTO_INCREMENT (MySQL)"),
    (r"^\s*ALTER\s+TABLE\s+\S+\s+MODIFY\b", "ALTER TABLE ... MODIFY (MySQL/Oracle)"),
    (r"^\s*ALTER\s+TABLE\s+\S+\s+CHANGE\s+(COLUMN\s+)?\w+\s+\w+", "ALTER TABLE ... CHANGE (MySQL)"),
    (r"\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)", "IDENTITY(seed, increment) (SQL Server)"),
    (r"^\s*GO\s*$", "GO batch separator (SQL Server)"),
    (r"\[\w+\]\.\[\w+\]", "[bracketed] identifiers (SQL Server)"),
    (r"\bNVARCHAR2?\b|\bVARCHAR2\b", "VARCHAR2/NVARCHAR (Oracle/SQL Server)"),
    (r"^\s*PRAGMA\b", "PRAGMA (SQLite)"),
    (r"\bAUTOINCREMENT\b", "AUTOINCREMENT (SQLite)"),
)
# Only in CREATE TABLE and ALTER TABLE: elsewhere ``1::int unsigned`` names a column "unsigned".
_DEFINITION_SYNTAX = (
    (
        r"\b(?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?\s*(?:\(\s*\d+\s*\))?\s+UNSIGNED\b",
        "UNSIGNED (MySQL)",
    ),
)

_QUOTED_IDENTIFIER = re.compile(r'"(?:[^"]|"")*"')
_TOKEN = re.compile(r'"(?:[^"]|"")*"|::|[A-Za-z_][\w$]*|\S')

# In CREATE TABLE t (a ..., b ...) and ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] b ...: the
# word before a column's name, and the words that stand there without being a column's name.
_BEFORE_COLUMN_NAME = frozenset({"(", ",", "column", "add", "exists"})
_NOT_A_COLUMN_NAME = frozenset(
    {"constraint", "primary", "unique", "check", "foreign", "exclude", "like", "column", "if"}
    # ALTER TABLE t ALTER a ..., ALTER b SET DEFAULT 1, DROP c: subcommands after a comma.
    | {"alter", "drop", "add", "rename", "set", "reset", "validate", "enable", "disable"}
    | {"owner", "inherit", "no", "cluster", "replica", "attach", "detach", "of", "not", "force"}
)
_COLUMN_DEFINITIONS = re.compile(
    r"^\s*(?:CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED|FOREIGN)\s+)?TABLE"
    r"|ALTER\s+(?:FOREIGN\s+)?TABLE)\b",
    re.IGNORECASE,
)
_DEFINES_TYPE = re.compile(
    r'^\s*CREATE\s+(?:DOMAIN|TYPE)\s+(?:(?:"[^"]+"|\w+)\s*\.\s*)?(?P<name>"[^"]+"|\w+)',
    re.IGNORECASE,
)


_ANY_FOREIGN_TYPE = re.compile(r"\b(?:" + "|".join(FOREIGN_TYPES) + r")\b", re.IGNORECASE)
# Anywhere: a comment may come before the statement.
_CREATES_TYPE = re.compile(r"\bCREATE\s+(?:DOMAIN|TYPE)\b", re.IGNORECASE)


def non_postgres_syntax(text: str) -> str | None:
    """A short reason if ``text`` is recognisably another database's dialect."""
    # Quoted identifiers are names, whatever they hold: a naming convention such as
    # "ck_%(table_name)s_`%(constraint_name)s`" gives CONSTRAINT "ck_spans_`valid_status`".
    code = _QUOTED_IDENTIFIER.sub('"q"', _code_only(text))
    checks = _SYNTAX + (_DEFINITION_SYNTAX if _COLUMN_DEFINITIONS.match(code) else ())
    for pattern, reason in checks:
        if re.search(pattern, code, re.IGNORECASE | re.MULTILINE):
            return f"not PostgreSQL syntax: {reason}"
    return None


def foreign_types(text: str) -> tuple[str, ...]:
    """The type names in ``text`` that PostgreSQL does not have (lower case, in order, once).

    Only where a type name stands: after ``::`` and ``AS`` in ``CAST(... AS type)``, and in
    CREATE TABLE and ALTER TABLE after a column's name in a column definition or after ``TYPE``
    in ALTER COLUMN (not in a query, where ``SELECT a year`` names a column ``year``)."""
    if not _ANY_FOREIGN_TYPE.search(text):
        return ()  # most statements: no scan of their text
    code = _code_only(text)
    tokens = [t.lower() for t in _TOKEN.findall(code)]
    # CREATE TABLE ... AS SELECT is a query: no column definitions to look at.
    definitions = bool(_COLUMN_DEFINITIONS.match(code)) and not re.search(
        r"\bSELECT\b", code, re.IGNORECASE
    )
    found: dict[str, None] = {}
    casts: list[bool] = []  # per open parenthesis: whether it is CAST's
    for i, word in enumerate(tokens):
        if word == "(":
            casts.append(i > 0 and tokens[i - 1] == "cast")
        elif word == ")" and casts:
            casts.pop()
        if word not in FOREIGN_TYPES or i < 2:
            continue
        before, earlier = tokens[i - 1], tokens[i - 2]
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word == "double" and after == "precision":
            continue
        column_definition = (
            _is_identifier(before)
            and before not in _NOT_A_COLUMN_NAME
            and earlier in _BEFORE_COLUMN_NAME
        )
        new_type = before == "type" and (earlier == "data" or _is_identifier(earlier))
        cast = before == "as" and bool(casts) and casts[-1]
        if before == "::" or cast or (definitions and (column_definition or new_type)):
            found[word] = None
    return tuple(found)


def defined_type(text: str) -> str | None:
    """The name of the type or domain that ``CREATE TYPE``/``CREATE DOMAIN`` ``text`` makes."""
    if not _CREATES_TYPE.search(text):
        return None
    match = _DEFINES_TYPE.match(_code_only(text))
    if match is None:
        return None
    name = match.group("name")
    return name[1:-1] if name.startswith('"') else name.lower()


def _is_identifier(token: str) -> bool:
    return token[:1] == '"' or token[:1].isalpha() or token[:1] == "_"


def _code_only(text: str) -> str:
    """``text`` with its string literals (``'...'``, ``E'...'``) emptied and its dollar-quoted
    bodies and comments (``--``, nested ``/* */``) blanked: their words are neither type names
    nor syntax. Quoted identifiers stay (``"o'clock"`` is a name, not a string)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = text.find('"', i + 1)
            while end != -1 and text.startswith('""', end):
                end = text.find('"', end + 2)
            end = n if end == -1 else end + 1
            out.append(text[i:end])
            i = end
        elif char == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not _word_char(text[i - 2]))
            i = _string_end(text, i + 1, escapes)
            out.append("''")
        elif (
            char == "$" and (match := _DOLLAR_TAG.match(text, i)) and not _word_char_before(text, i)
        ):
            end = text.find(match.group(0), match.end())
            i = n if end == -1 else end + len(match.group(0))
            out.append(" ")
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
            out.append(" ")
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            out.append(" ")
        else:
            out.append(char)
            i += 1
    return "".join(out)


_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")


def _string_end(text: str, i: int, escapes: bool) -> int:
    """Where the string literal whose body starts at ``i`` ends (past its closing quote)."""
    n = len(text)
    while i < n:
        if escapes and text[i] == "\\":
            i += 2
        elif text[i] == "'":
            if text.startswith("''", i):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return n


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_char_before(text: str, i: int) -> bool:
    """``x$1$`` is part of an identifier, not a dollar quote."""
    return i > 0 and (_word_char(text[i - 1]) or text[i - 1] == "$")
