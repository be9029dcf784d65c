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
    (
        r"\b(?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?\s*(?:\(\s*\d+\s*\))?\s+UNSIGNED\b",
        "UNSIGNED (MySQL)",
    ),
    (r"^\s*ALTER\s+TABLE\s+\S+\s+MODIFY\b", "ALTER TABLE ... MODIFY (MySQL/Oracle)"),
    (r"^\s*ALTER\s+TABLE\s+\S+\s+CHANGE\s+(COLUMN\s+)?\w+\s+\w+", "ALTER TABLE ... CHANGE (MySQL)"),
    (r"\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)", "IDENTITY(seed, increment) (SQL Server)"),
    (r"^\s*GO\s*$", "GO batch separator (SQL Server)"),
    (r"\[\w+\]\.\[\w+\]", "[bracketed] identifiers (SQL Server)"),
    (r"\bNVARCHAR2?\b|\bVARCHAR2\b", "VARCHAR2/NVARCHAR (Oracle/SQL Server)"),
    (r"^\s*PRAGMA\b", "PRAGMA (SQLite)"),
    (r"\bAUTOINCREMENT\b", "AUTOINCREMENT (SQLite)"),
)

# String literals, dollar-quoted bodies, comments: their words are no type names or syntax.
_NOT_CODE = re.compile(
    r"'(?:[^']|'')*'"
    r"|\$\$.*?\$\$"
    r"|\$(?P<tag>[A-Za-z_]\w*)\$.*?\$(?P=tag)\$"
    r"|--[^\n]*"
    r"|/\*.*?\*/",
    re.DOTALL,
)
_TOKEN = re.compile(r'"(?:[^"]|"")*"|::|[A-Za-z_][\w$]*|\S')

# In CREATE TABLE t (a ..., b ...) and ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] b ...: the
# word before a column's name, and the words that stand there without being a column's name.
_BEFORE_COLUMN_NAME = frozenset({"(", ",", "column", "add", "exists"})
_NOT_A_COLUMN_NAME = frozenset(
    {"constraint", "primary", "unique", "check", "foreign", "exclude", "like", "column", "if"}
)
_COLUMN_DEFINITIONS = re.compile(
    r"^\s*(?:CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE"
    r"|ALTER\s+TABLE)\b",
    re.IGNORECASE,
)
_DEFINES_TYPE = re.compile(
    r'^\s*CREATE\s+(?:DOMAIN|TYPE)\s+(?:(?:"[^"]+"|\w+)\s*\.\s*)?(?P<name>"[^"]+"|\w+)',
    re.IGNORECASE,
)


def non_postgres_syntax(text: str) -> str | None:
    """A short reason if ``text`` is recognisably another database's dialect."""
    code = _code_only(text)
    for pattern, reason in _SYNTAX:
        if re.search(pattern, code, re.IGNORECASE | re.MULTILINE):
            return f"not PostgreSQL syntax: {reason}"
    return None


def foreign_types(text: str) -> tuple[str, ...]:
    """The type names in ``text`` that PostgreSQL does not have (lower case, in order, once).

    Only where a type name stands: after ``::``, and in CREATE TABLE and ALTER TABLE after a
    column's name in a column definition or after ``TYPE`` in ALTER COLUMN (not in a query,
    where ``SELECT a year`` names a column ``year``)."""
    code = _code_only(text)
    tokens = [t.lower() for t in _TOKEN.findall(code)]
    # CREATE TABLE ... AS SELECT is a query: no column definitions to look at.
    definitions = bool(_COLUMN_DEFINITIONS.match(code)) and not re.search(
        r"\bSELECT\b", code, re.IGNORECASE
    )
    found: dict[str, None] = {}
    for i, word in enumerate(tokens):
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
        if before == "::" or (definitions and (column_definition or new_type)):
            found[word] = None
    return tuple(found)


def defined_type(text: str) -> str | None:
    """The name of the type or domain that ``CREATE TYPE``/``CREATE DOMAIN`` ``text`` makes."""
    match = _DEFINES_TYPE.match(_code_only(text))
    if match is None:
        return None
    name = match.group("name")
    return name[1:-1] if name.startswith('"') else name.lower()


def _is_identifier(token: str) -> bool:
    return token[:1] == '"' or token[:1].isalpha() or token[:1] == "_"


def _code_only(text: str) -> str:
    return _NOT_CODE.sub(lambda m: "''" if m.group(0).startswith("'") else " ", text)
