"""Column types and default expressions: what rewrites a table and what does not.

Grounded in the PostgreSQL documentation:

* ALTER TABLE, Notes: "changing the type of an existing column will require the entire table
  and its indexes to be rewritten", except when "the old type is either binary coercible to the
  new type or an unconstrained domain over the new type" (varchar(n) -> varchar(m > n) or text,
  numeric precision increase with the same scale, ...). Since PostgreSQL 12, timestamp <->
  timestamptz skips the rewrite only when the session time zone is UTC: free when the migration
  itself set a UTC zone before (SET TIME ZONE 'UTC'), a rewrite otherwise (the server's zone
  is not in the migration).
* ALTER TABLE, ADD COLUMN: since PostgreSQL 11 "a non-volatile DEFAULT ... does not require a
  rewrite"; a volatile default (``clock_timestamp()``, ``random()``, ``gen_random_uuid()``,
  ``nextval()``, serial), a stored generated column or an identity column still rewrites.
"""

from __future__ import annotations

import re

from migcheck.analysis.facts import Volatility

_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int2": "smallint",
    "int8": "bigint",
    "serial4": "serial",
    "serial8": "bigserial",
    "serial2": "smallserial",
    "float8": "double precision",
    "double": "double precision",
    "float4": "real",
    "bool": "boolean",
    "decimal": "numeric",
    "character varying": "varchar",
    "character": "char",
    "bpchar": "char",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "time with time zone": "timetz",
    "bit varying": "varbit",
}

_SPACES = re.compile(r"\s+")
_TYPE = re.compile(r"^(?P<base>[^(]+)\s*(?:\((?P<params>[^)]*)\))?\s*(?P<rest>.*)$")


def normalize_type(text: str) -> str:
    """``"CHARACTER VARYING(50)"`` -> ``"varchar(50)"``; ``"INT4"`` -> ``"integer"``;
    ``"TIMESTAMP(3) WITHOUT TIME ZONE"`` -> ``"timestamp(3)"``."""
    cleaned = _SPACES.sub(" ", text.strip().lower().replace('"', ""))
    cleaned = cleaned.removeprefix("pg_catalog.")
    array = ""
    while cleaned.endswith("[]"):
        array += "[]"
        cleaned = cleaned[:-2].rstrip()
    if cleaned.endswith(" array"):
        array += "[]"
        cleaned = cleaned[: -len(" array")]
    match = _TYPE.match(cleaned)
    if not match:
        return cleaned + array
    base = match.group("base").strip()
    params = match.group("params")
    rest = match.group("rest").strip()
    if rest == "with time zone" and base in ("timestamp", "time"):
        base, rest = base + "tz", ""
    elif rest == "without time zone":
        rest = ""
    elif base in ("timestamp with time zone", "time with time zone"):
        base = base.split()[0] + "tz"
    base = _ALIASES.get(base, base)
    if params is not None:
        base = f"{base}({','.join(p.strip() for p in params.split(','))})"
    if rest:
        base = f"{base} {rest}"
    return base + array


def split_type(normalized: str) -> tuple[str, list[int] | None]:
    """``"numeric(10,2)"`` -> ``("numeric", [10, 2])``."""
    match = re.match(r"^([^(]+?)(?:\(([^)]*)\))?(\[\])*$", normalized)
    if not match:
        return normalized, None
    base = match.group(1).strip()
    if match.group(2) is None:
        return base, None
    try:
        return base, [int(p) for p in match.group(2).split(",") if p.strip()]
    except ValueError:
        return base, None


# What PostgreSQL does with ALTER COLUMN ... TYPE without USING: it converts the old values with
# an assignment (or implicit) cast, and fails with 'column "x" cannot be cast automatically to
# type y' (42804) when there is none (ALTER TABLE: "the USING clause must be provided if there
# is no implicit or assignment cast from old to new type"). Categories of the built-in types,
# checked against PostgreSQL 18 in tests/test_rewrites_ground_truth.py.
_CAST_CATEGORY = {
    **dict.fromkeys(("text", "varchar", "char", "name"), "string"),
    **dict.fromkeys(("smallint", "integer", "bigint", "serial", "bigserial"), "integer"),
    **dict.fromkeys(("numeric", "real", "double precision"), "number"),
    "boolean": "boolean",
    **dict.fromkeys(("json", "jsonb"), "json"),
    "uuid": "uuid",
    **{name: name for name in ("date", "timestamp", "timestamptz", "time", "timetz")},
    "interval": "interval",
    "bytea": "bytea",
    **dict.fromkeys(("inet", "cidr"), "network"),
}
# Between categories, the assignment casts there are (besides any type -> a string type, the
# automatic I/O conversion casts).
_ASSIGNMENT_BETWEEN = {
    ("integer", "number"),
    ("number", "integer"),
    ("date", "timestamp"),
    ("date", "timestamptz"),
    ("timestamp", "date"),
    ("timestamptz", "date"),
    ("timestamp", "timestamptz"),
    ("timestamptz", "timestamp"),
    ("timestamp", "time"),
    ("timestamptz", "time"),
    ("timestamptz", "timetz"),
    ("time", "timetz"),
    ("timetz", "time"),
    ("time", "interval"),
    ("interval", "time"),
}


def needs_using(old: str | None, new: str) -> bool:
    """Whether ``ALTER COLUMN ... TYPE new`` without USING fails for a column of type ``old``
    (no assignment cast between them). False where either type is unknown, an array, or not a
    built-in one (an enum, a domain): only what is certain."""
    if old is None:
        return False
    old_n, new_n = normalize_type(old), normalize_type(new)
    if old_n.endswith("[]") or new_n.endswith("[]"):
        return False
    old_base, new_base = split_type(old_n)[0], split_type(new_n)[0]
    source, target = _CAST_CATEGORY.get(old_base), _CAST_CATEGORY.get(new_base)
    if source is None or target is None or target in (source, "string"):
        return False
    return (source, target) not in _ASSIGNMENT_BETWEEN


_TEXT_LIKE = {"varchar", "text", "citext"}
_SAME = {
    frozenset({"integer", "serial"}),
    frozenset({"bigint", "bigserial"}),
    frozenset({"smallint", "smallserial"}),
}


def type_change_rewrites(
    old: str | None,
    new: str,
    *,
    using: str | None = None,
    column: str | None = None,
    utc_session: bool = False,
) -> bool | None:
    """Whether ``ALTER COLUMN ... TYPE new`` rewrites the table (True), is a catalog-only change
    (False), or cannot be told (None: the old type is unknown).

    Checked against PostgreSQL 18 (``pg_class.relfilenode`` before and after, see
    ``tests/test_type_rewrites.py``)."""
    if old is None:
        return None
    old_n, new_n = normalize_type(old), normalize_type(new)
    if using is not None and not _trivial_using(using, new_n, column):
        return True
    if old_n == new_n:
        return False
    old_array, new_array = old_n.endswith("[]"), new_n.endswith("[]")
    old_base, old_params = split_type(old_n.removesuffix("[]"))
    new_base, new_params = split_type(new_n.removesuffix("[]"))
    if old_array or new_array:
        # Arrays are coerced element by element (array_coerce): only dropping the element's
        # length limit (varchar(20)[] -> varchar[]) is free; varchar(20)[] -> varchar(40)[]
        # and varchar[] -> text[] rewrite.
        return not (old_array and new_array and old_base == new_base and new_params is None)
    if frozenset({old_base, new_base}) in _SAME and old_params == new_params:
        return False
    # varchar(n) -> varchar(m >= n), varchar(n) -> varchar / text, text -> varchar (unlimited)
    if old_base in _TEXT_LIKE and new_base in ("varchar", "text"):
        if new_params is None:
            return old_base == "citext"
        if old_base == "varchar" and old_params is not None:
            return new_params[0] < old_params[0]
        return True
    # numeric(p, s) -> numeric(p2 >= p, s), or -> numeric (unconstrained)
    if old_base == new_base == "numeric":
        if new_params is None:
            return False
        if old_params is None:
            return True
        old_scale = old_params[1] if len(old_params) > 1 else 0
        new_scale = new_params[1] if len(new_params) > 1 else 0
        return not (new_params[0] >= old_params[0] and new_scale == old_scale)
    # varbit(n) -> varbit(m >= n) / varbit, bit(n) -> varbit (unlimited); bit(n) -> varbit(m)
    # goes through a length coercion and rewrites.
    if new_base == "varbit" and old_base in ("varbit", "bit"):
        if new_params is None:
            return False
        return old_base == "bit" or old_params is None or new_params[0] < old_params[0]
    # precision of time-like types may grow without a rewrite
    if old_base == new_base and old_base in (
        "timestamp",
        "timestamptz",
        "time",
        "timetz",
        "interval",
    ):
        if new_params is None:
            return False
        return old_params is None or new_params[0] < old_params[0]
    # timestamp <-> timestamptz: free when the session time zone is UTC (PostgreSQL 12 release
    # notes; the caller says whether the migration set it so).
    if utc_session and {old_base, new_base} == {"timestamp", "timestamptz"}:
        return not (new_params is None or new_params == old_params)
    if (old_base, new_base) in {("cidr", "inet"), ("xml", "text"), ("xml", "varchar")}:
        return new_params is not None and new_base == "varchar"
    return True


_IDENT = r'(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_]*)'
_CAST_USING = re.compile(
    rf"^\s*(?:CAST\s*\(\s*\(?\s*(?P<a>{_IDENT})\s*\)?\s+AS\s+(?P<ta>.+)\)"
    rf"|\(?\s*(?P<b>{_IDENT})\s*\)?\s*::\s*(?P<tb>.+?))\s*$",
    re.IGNORECASE | re.DOTALL,
)


def _trivial_using(using: str, new_type: str, column: str | None) -> bool:
    """A USING clause that "does not change the column contents" (ALTER TABLE notes): the
    column itself, or the column cast to the new type, which is the conversion PostgreSQL
    applies anyway (``USING note::text`` for varchar -> text does not rewrite; PostgreSQL 18
    checked). Anything else (a function, another column, a cast to another type) rewrites."""
    text = using.strip()
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    if re.fullmatch(_IDENT, text):
        return column is None or _same_ident(text, column)
    match = _CAST_USING.match(text)
    if not match:
        return False
    name = match.group("a") or match.group("b")
    target = match.group("ta") or match.group("tb")
    if column is not None and not _same_ident(name, column):
        return False
    return normalize_type(target) == new_type


def _same_ident(text: str, column: str) -> bool:
    bare = text[1:-1] if text.startswith('"') and text.endswith('"') else text.lower()
    return bare == column


# --------------------------------------------------------------------------- defaults

VOLATILE_FUNCTIONS = frozenset(
    {
        "random",
        "gen_random_uuid",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
        "clock_timestamp",
        "timeofday",
        "nextval",
        "setval",
        "txid_current",
        "pg_current_xact_id",
        "gen_random_bytes",
        "random_normal",
        "statement_timestamp_volatile",
    }
)
STABLE_FUNCTIONS = frozenset(
    {
        "now",
        "current_timestamp",
        "current_date",
        "current_time",
        "localtimestamp",
        "localtime",
        "transaction_timestamp",
        "statement_timestamp",
        "current_user",
        "session_user",
        "current_setting",
        "current_schema",
        "to_char",
    }
)

_CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(", re.IGNORECASE)
_KEYWORD_FUNCS = re.compile(
    r"\b(current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|"
    r"session_user)\b",
    re.IGNORECASE,
)


def default_volatility(expression: str | None) -> Volatility | None:
    """The volatility of a default expression (None when there is no default).

    Unknown functions are assumed volatile: a user-defined function is VOLATILE unless declared
    otherwise (CREATE FUNCTION's default), so that is what PostgreSQL would assume too.
    """
    if expression is None:
        return None
    text = _strip_literals(expression)
    calls = {name.lower() for name in _CALL.findall(text)}
    calls -= {"cast", "coalesce", "nullif", "greatest", "least", "array", "row"}
    verdict = Volatility.IMMUTABLE
    for name in calls:
        bare = name.rsplit(".", 1)[-1]
        if bare in VOLATILE_FUNCTIONS:
            return Volatility.VOLATILE
        if bare in STABLE_FUNCTIONS:
            verdict = Volatility.STABLE
        elif bare not in IMMUTABLE_CALLS:
            return Volatility.VOLATILE
    if _KEYWORD_FUNCS.search(text):
        verdict = Volatility.STABLE
    return verdict


def _strip_literals(expression: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", expression)


# Type casts written as calls, and functions that are immutable (or stable at worst).
IMMUTABLE_CALLS = frozenset(
    {
        "varchar",
        "numeric",
        "decimal",
        "char",
        "character",
        "timestamp",
        "timestamptz",
        "time",
        "interval",
        "bit",
        "varbit",
        "int",
        "integer",
        "bigint",
        "smallint",
        "float",
        "real",
        "double",
        "json",
        "jsonb",
        "text",
        "uuid",
        "date",
        "boolean",
        "bool",
        "to_jsonb",
        "jsonb_build_object",
        "json_build_object",
        "jsonb_build_array",
        "json_build_array",
        "lower",
        "upper",
        "make_interval",
        "make_date",
        "abs",
        "length",
        "char_length",
        "replace",
        "concat",
        # Built-in functions that are IMMUTABLE or STABLE in pg_proc (a default that uses only
        # these is evaluated once, at ALTER TABLE time: no rewrite). Without them every
        # date_trunc(...) or md5(...) default was reported as volatile.
        "date_trunc",
        "date_part",
        "extract",
        "timezone",
        "age",
        "make_time",
        "make_timestamp",
        "make_timestamptz",
        "to_char",
        "to_date",
        "to_timestamp",
        "to_number",
        "to_json",
        "to_tsvector",
        "array_to_json",
        "row_to_json",
        "jsonb_object",
        "json_object",
        "array_fill",
        "md5",
        "sha224",
        "sha256",
        "sha384",
        "sha512",
        "encode",
        "decode",
        "digest",
        "concat_ws",
        "format",
        "substring",
        "substr",
        "left",
        "right",
        "trim",
        "btrim",
        "ltrim",
        "rtrim",
        "lpad",
        "rpad",
        "split_part",
        "regexp_replace",
        "translate",
        "initcap",
        "octet_length",
        "round",
        "floor",
        "ceil",
        "ceiling",
        "trunc",
        "power",
        "sqrt",
        "mod",
        "div",
        "uuid_generate_v3",
        "uuid_generate_v5",
        "uuid_nil",
        "current_database",
        "inet_client_addr",
        "pg_backend_pid",
        "version",
        "tstzrange",
        "tsrange",
        "daterange",
        "int4range",
        "int8range",
        "numrange",
    }
)


SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial"})
JSON_TYPES = frozenset({"json"})
