"""Value generators: the SQL expression that fills a column, by its type, name and CHECK rules.

Every column gets a SQL expression of the row number ``g`` (deterministic:
``hashint8extended(g, seed)`` instead of ``random()``, so two runs seed the same data and a child
can recompute its parent's keys). A generator is realistic (names, prices, timestamps rising in
column order) or, where distinct values are needed, injective in ``g``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from migcheck.rehearse.seed.catalog import _Column, _Table, _Type
from migcheck.rehearse.seed.checks import _Rules
from migcheck.rehearse.seed.sql import _literal
from migcheck.rehearse.seed.words import (
    _CITIES,
    _COLORS,
    _COUNTRIES,
    _CURRENCIES,
    _FIRST_NAMES,
    _FULL_NAMES,
    _JSON_DOCUMENTS,
    _LANGUAGES,
    _LAST_NAMES,
    _PARAGRAPHS,
    _PHRASES,
    _PRODUCT_NAMES,
    _STATUSES,
    _STREETS,
    _TAGS,
    _TITLES,
    _WORDS,
)

TIMESPAN_SECONDS = 3 * 365 * 86_400
"""Timestamps are spread over the three years before the seeding day."""
_STEP_SECONDS = 30 * 86_400
_MAX_DIGITS = 20  # of a row number, with a sign

Expr = Callable[[str], str]
"""A SQL expression as a function of the SQL text for the row number (a bigint)."""

_PERSON_TABLES = re.compile(
    r"(user|customer|person|people|employee|author|member|contact|account|staff|client|patient|"
    r"student|teacher|owner|driver|profile)",
    re.IGNORECASE,
)
_INTEGER_TYPES = {"int2": 32_767, "int4": 2_147_483_647, "int8": 9_223_372_036_854_775_807}
_TEMPORAL_TYPES = {"date", "timestamp", "timestamptz"}
_STRING_TYPES = {"text", "varchar", "bpchar", "name", "citext"}
_RANGE_SUBTYPES = {
    "int4range": "int4",
    "int8range": "int8",
    "numrange": "numeric",
    "daterange": "date",
    "tsrange": "timestamp",
    "tstzrange": "timestamptz",
}


def _seed_of(*parts: str) -> int:
    """A stable hash seed per (table, column, purpose): independent columns, repeatable runs."""
    return zlib.crc32("\x1f".join(parts).encode())


def _pick(g: str, seed: int, count: int) -> str:
    """An index in [0, count) spread by the hash of ``g``."""
    if count <= 1:
        return "0"
    return f"abs(hashint8extended({g}, {seed}) % {count})"


_CODE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE_WIDTH_MAX = 12
"""Widest code :func:`_code` writes: 36 ** 12 row numbers still fit a bigint."""


def code_capacity(width: int) -> int:
    """How many distinct values a unique text column of at most ``width`` characters gets."""
    return 36**width - 1 if width <= _CODE_WIDTH_MAX else 10**width - 1


def _code(g: str, width: int) -> str:
    """Row number ``g`` as a code of exactly ``width`` characters (base 36: 0-9, A-Z), for a
    unique column too short for a prefix and a number: ``varchar(2)`` holds 1,295 of them
    ('01' ... 'ZZ') where decimal digits would hold 99."""
    digits = _literal(_CODE_DIGITS)
    places = [
        f"substr({digits}, (((({g}) / {36**k}) % 36) + 1)::int, 1)"
        for k in range(width - 1, -1, -1)
    ]
    return "(" + " || ".join(places) + ")"


def _plus(expression: str, constant: int) -> str:
    """``expression + constant``, without adding a zero: every operator is a function call
    on every row (constant folding does not drop ``+ 0``)."""
    return f"(({expression}) + {constant})" if constant else f"({expression})"


def _choice(values: Sequence[str], g: str, seed: int) -> str:
    return _subscript(values, f"1 + {_pick(g, seed, len(values))}")


_NAME_BYTES = 63
"""Longest value PostgreSQL's fixed-width ``name`` type holds (NAMEDATALEN - 1)."""


def _subscript(values: Sequence[str], index: str) -> str:
    """``values[index]`` (1-based) as a text expression, cheap to evaluate on every row.

    Finding element i of a ``text[]`` walks the i - 1 elements before it (their lengths
    vary): ~60 ns a row for a list of 64 words, a sixth of what filling a narrow row costs.
    ``name`` is fixed-width, so a ``name[]`` is subscripted by arithmetic; short values are
    picked from one and turned back into text. The array is a constant: converted once, when
    the statement is planned.
    """
    array = "ARRAY[" + ", ".join(_literal(value) for value in values) + "]"
    if len(values) > 1 and all(len(value.encode()) <= _NAME_BYTES for value in values):
        return f"(({array}::name[])[{index}])::text"
    return f"({array})[{index}]"


def _email(g: str) -> str:
    return f"'user' || ({g}) || '@example.com'"


@dataclass(frozen=True)
class _TextPattern:
    unique: Expr  # injective in g
    plain: Expr  # realistic
    longest: int | None  # longest value of ``plain`` (None: unknown), to skip left()


@dataclass
class _Value:
    """How one column is filled."""

    expr: Expr  # the value, never NULL (NULLs are added by _with_nulls)
    unique: bool  # injective in g: usable as a parent key and for UNIQUE
    domain_size: int | None = None  # finite number of distinct values (enum, bool, IN list)
    index_expr: Callable[[str], str] | None = None  # value from an index in [0, domain_size)


class _ValueFactory:
    """Builds the expression for a column from its type, name and CHECK rules."""

    def __init__(self, table: _Table, today: dt.date, *, pad_char: bool = True) -> None:
        self.table = table
        self.pad_char = pad_char
        self.start = today - dt.timedelta(days=3 * 365)
        self.epoch = int(dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC).timestamp())
        self.person_table = bool(_PERSON_TABLES.search(table.name))
        self.temporal_order = [
            c.name
            for c in table.columns
            if c.type.scalar in _TEMPORAL_TYPES and not c.type.array_dims and not c.generated
        ]

    def seed(self, column: str, purpose: str = "") -> int:
        return _seed_of(self.table.key, column, purpose)

    # -- the dispatcher ----------------------------------------------------------------------

    def value(self, column: _Column, rules: _Rules, unique: bool, offset: int) -> _Value | None:
        """None when the type is not supported (the caller then uses NULL or the default)."""
        ctype = column.type
        if ctype.array_dims:
            # One to three elements; a UNIQUE array column gets the one injective element.
            element = self.scalar(column, ctype, _Rules(), unique=unique, offset=offset)
            if element is None:
                return None
            element_expr = element.expr
            if unique:
                return _Value(lambda g: f"ARRAY[{element_expr(g)}]", unique=element.unique)
            seed = self.seed(column.name, "length")
            if ctype.scalar in _STRING_TYPES and not ctype.labels:
                # Tags: a slice of zero to two... three consecutive words of a fixed list.
                words = "ARRAY[" + ", ".join(_literal(w) for w in _TAGS) + "]"
                where = self.seed(column.name, "start")

                def tags(g: str) -> str:
                    start = f"1 + {_pick(g, where, len(_TAGS))}"
                    return f"({words})[{start}:{start} + {_pick(g, seed, 3)}]"

                return _Value(tags, unique=False)

            def array_expr(g: str) -> str:
                items = ", ".join(element_expr(f"(({g}) * 3 + {n})") for n in range(3))
                return f"(ARRAY[{items}])[1:1 + {_pick(g, seed, 3)}]"

            return _Value(array_expr, unique=False)
        return self.scalar(column, ctype, rules, unique=unique, offset=offset)

    def scalar(
        self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool, offset: int
    ) -> _Value | None:
        seed = self.seed(column.name)
        if rules.allowed is not None:
            return self.from_list(rules.allowed, seed)
        if ctype.kind == "e" and ctype.labels:
            return self.from_list(list(ctype.labels), seed, element_type=ctype.scalar_sql)
        scalar = ctype.scalar
        if scalar in _INTEGER_TYPES or scalar in ("numeric", "float4", "float8", "money"):
            return self.number(column, ctype, rules, unique=unique, offset=offset)
        if scalar == "bool":
            return _Value(
                lambda g: f"(hashint8extended({g}, {seed}) & 1) = 0",
                unique=False,
                domain_size=2,
                index_expr=lambda i: f"({i}) = 0",
            )
        if scalar in _STRING_TYPES or ctype.category == "S":
            return self.text(column, ctype, rules, unique=unique)
        if scalar == "uuid":
            salt = _literal(f"-{self.table.key}.{column.name}")
            return _Value(lambda g: f"md5({g}::text || {salt})::uuid", unique=True)
        if scalar in _TEMPORAL_TYPES:
            return self.temporal(column, ctype, unique=unique)
        if scalar in ("time", "timetz"):
            if unique:
                return _Value(lambda g: f"'00:00'::time + {g} * '1 microsecond'::interval", True)
            return _Value(
                lambda g: f"'00:00'::time + {_pick(g, seed, 86_400)} * '1 second'::interval", False
            )
        if scalar == "interval":
            if unique:
                return _Value(lambda g: f"{g} * '1 second'::interval", True)
            return _Value(lambda g: f"{_pick(g, seed, 2_592_000)} * '1 second'::interval", False)
        if scalar in ("json", "jsonb"):
            if unique:
                return _Value(lambda g: f"jsonb_build_object('id', {g})::{scalar}", True)
            documents = (
                "ARRAY[" + ", ".join(_literal(d) for d in _JSON_DOCUMENTS) + f"]::{scalar}[]"
            )
            count = len(_JSON_DOCUMENTS)
            return _Value(lambda g: f"({documents})[1 + {_pick(g, seed, count)}]", False)
        if scalar == "bytea":
            if unique:
                return _Value(lambda g: f"int8send({g})", True)
            return _Value(lambda g: f"int8send(hashint8extended({g}, {seed}))", False)
        if scalar == "inet":
            if unique:
                return _Value(lambda g: f"'10.0.0.0'::inet + (({g}) % 16777216)", True)
            return _Value(lambda g: f"'10.0.0.0'::inet + {_pick(g, seed, 16_777_216)}", False)
        if scalar == "cidr":
            return _Value(
                lambda g: f"set_masklen('10.0.0.0'::inet + {_pick(g, seed, 65_536)} * 256, 24)",
                False,
            )
        if scalar in ("macaddr", "macaddr8"):
            return _Value(
                lambda g: (
                    "('08:00:2b:' || substr(md5((" + g + ")::text), 1, 2) || ':' || "
                    "substr(md5(("
                    + g
                    + ")::text), 3, 2) || ':' || substr(md5(("
                    + g
                    + ")::text), 5, 2))"
                ),
                False,
            )
        if scalar == "tsvector":
            return _Value(
                lambda g: (
                    f"to_tsvector('simple', {_choice(_WORDS, g, seed)} || ' ' || "
                    f"{_choice(_WORDS, g, seed + 1)})"
                ),
                False,
            )
        if scalar == "xml":
            return _Value(lambda g: f"xmlelement(name item, {g})", True)
        if scalar == "point":
            return _Value(
                lambda g: f"point({_pick(g, seed, 360)} - 180, {_pick(g, seed + 1, 180)} - 90)",
                False,
            )
        if scalar == "char":  # the one-byte "char"
            return _Value(lambda g: f"chr(97 + {_pick(g, seed, 26)})", False, domain_size=26)
        if scalar in _RANGE_SUBTYPES:
            sub = _RANGE_SUBTYPES[scalar]
            if sub in _TEMPORAL_TYPES:
                width = "7" if sub == "date" else "'7 days'::interval"

                def period(g: str) -> str:
                    low = self.temporal_at(sub, _pick(g, seed, TIMESPAN_SECONDS))
                    return f"{scalar}({low}, {low} + {width})"

                return _Value(period, False)

            def numbers(g: str) -> str:
                low = _pick(g, seed, 10_000)
                high = f"{low} + 1 + {_pick(g, seed + 1, 100)}"
                return f"{scalar}(({low})::{sub}, ({high})::{sub})"

            return _Value(numbers, False)
        return None

    # -- kinds -------------------------------------------------------------------------------

    def from_list(
        self, values: Sequence[str], seed: int, *, element_type: str | None = None
    ) -> _Value:
        """One of ``values`` (texts, cast to the column type by _finish).

        With ``element_type`` (an enum) the array is of that type, converted once when the
        statement is planned instead of once a row.
        """
        if element_type is None:
            return _Value(
                lambda g: _subscript(values, f"1 + {_pick(g, seed, len(values))}"),
                unique=len(values) <= 1,
                domain_size=len(values),
                index_expr=lambda i: _subscript(values, f"1 + ({i})"),
            )
        # An enum array is fixed-width already (one oid per label).
        array = "ARRAY[" + ", ".join(_literal(value) for value in values) + f"]::{element_type}[]"
        return _Value(
            lambda g: f"({array})[1 + {_pick(g, seed, len(values))}]",
            unique=len(values) <= 1,
            domain_size=len(values),
            index_expr=lambda i: f"({array})[1 + ({i})]",
        )

    def number(
        self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool, offset: int
    ) -> _Value | None:
        name = column.name.lower()
        scalar = ctype.scalar
        scale = 0
        ceiling = float(_INTEGER_TYPES.get(scalar, 10**15))
        if scalar == "numeric":
            precision = ctype.numeric_precision
            scale = 2 if precision is None else precision[1]
            if precision is not None:
                ceiling = 10 ** (precision[0] - precision[1]) - 10**-scale
        elif scalar in ("float4", "float8") or scalar == "money":
            scale = 2
        low, high = _number_range(name, scalar)
        unit = 10**-scale
        # CHECK bounds narrow the name-based range, or replace it when they do not overlap.
        check_low = check_high = None
        if rules.low is not None:
            check_low = rules.low if rules.low_inclusive else rules.low + (unit if scale else 1)
        if rules.high is not None:
            check_high = rules.high if rules.high_inclusive else rules.high - (unit if scale else 1)
        if scalar in _INTEGER_TYPES:
            if check_low is not None:
                check_low = math.ceil(check_low)
            if check_high is not None:
                check_high = math.floor(check_high)
        if check_low is not None and check_high is not None:
            if high < check_low or low > check_high:
                low, high = check_low, check_high
            else:
                low, high = max(low, check_low), min(high, check_high)
        elif check_low is not None:
            low, high = (check_low, max(high, check_low + 1000)) if low < check_low else (low, high)
        elif check_high is not None:
            low, high = (
                (min(low, check_high - 1000), check_high) if high > check_high else (low, high)
            )
        low, high = max(low, -ceiling), min(high, ceiling)
        if unique:
            first = max(math.ceil(low), 1 if check_low is None else math.ceil(check_low))
            start = max(first, offset + 1) - 1
            return _Value(lambda g: _plus(g, start), unique=True)
        seed = self.seed(column.name)
        low_units = math.ceil(low / unit) if scale else math.ceil(low)
        high_units = math.floor(high / unit) if scale else math.floor(high)
        span = max(1, high_units - low_units + 1)

        def units(g: str) -> str:
            return _plus(_pick(g, seed, span), low_units)

        if scalar in _INTEGER_TYPES:
            return _Value(units, False)
        if scalar in ("float4", "float8"):
            return _Value(lambda g: f"({units(g)} * {unit}::float8)", False)
        if scale == 0:
            return _Value(units, False)
        return _Value(lambda g: f"({units(g)} * {unit:.{scale}f})", False)

    def text(self, column: _Column, ctype: _Type, rules: _Rules, *, unique: bool) -> _Value:
        name = column.name.lower()
        seed = self.seed(column.name)
        limit = ctype.max_length
        if rules.max_length is not None:
            limit = rules.max_length if limit is None else min(limit, rules.max_length)
        minimum = rules.min_length or 0
        # char(n) values are padded to n: padded in the statement already, they are stored as
        # they are instead of being copied and padded on every row.
        padded = (
            self.pad_char and ctype.scalar == "bpchar" and limit == ctype.max_length and not minimum
        )
        pattern = self.text_pattern(
            name, seed, limit, pad=padded and limit is not None and limit <= 255
        )

        def fit(expression: str, longest: int | None) -> str:
            # left() only where a value could be too long: it costs ~50 ns a row.
            if limit is not None and (longest is None or longest > limit):
                expression = f"left({expression}, {limit})"
            if minimum:
                expression = f"rpad({expression}, {minimum}, 'x')"
            return expression

        if unique:
            unique_expr = pattern.unique
            return _Value(lambda g: fit(unique_expr(g), _MAX_DIGITS), unique=True)
        plain, longest = pattern.plain, pattern.longest
        return _Value(lambda g: fit(plain(g), longest), unique=False)

    def text_pattern(
        self, name: str, seed: int, limit: int | None, *, pad: bool = False
    ) -> _TextPattern:
        """Injective and realistic patterns for a text column called ``name``.

        With ``pad`` (char(``limit``) columns) fixed values come padded with blanks to ``limit``.
        """
        table = re.sub(r"[^a-z0-9]+", "-", self.table.name.lower()).strip("-") or "item"

        def numbered(prefix: str) -> Expr:
            # Keep the number whole when the column is short: uniqueness beats the prefix.
            if limit is not None and len(prefix) + _MAX_DIGITS > limit:
                if limit <= _CODE_WIDTH_MAX:
                    return lambda g: _code(g, limit)
                return lambda g: f"({g})::text"
            return lambda g: f"{_literal(prefix)} || ({g})"

        def one_of(values: Sequence[str]) -> tuple[Expr, int]:
            if pad and limit is not None:
                values = [value[:limit].ljust(limit) for value in values]
            return (lambda g: _choice(values, g, seed)), max(len(value) for value in values)

        digits = _MAX_DIGITS
        prefixed = f"https://example.com/{table}/"
        rules: list[tuple[str, Expr, tuple[Expr, int | None]]] = [
            # (column name pattern, injective pattern, (realistic pattern, longest value))
            ("email", _email, (_email, 16 + digits)),
            (r"(first|given|fore)_?name", numbered("name_"), one_of(_FIRST_NAMES)),
            (r"(last|family|sur)_?name", numbered("name_"), one_of(_LAST_NAMES)),
            (
                r"(user_?name|login|handle|nick)",
                numbered("user_"),
                (lambda g: f"{_choice(_FIRST_NAMES, g, seed)} || ({g})", 10 + digits),
            ),
            (r"slug$", numbered(f"{table}-"), (numbered(f"{table}-"), len(table) + 1 + digits)),
            (
                r"(url|website|link|href|homepage|avatar|image)",
                numbered(prefixed),
                (numbered(prefixed), len(prefixed) + digits),
            ),
            (
                r"(phone|mobile|fax|tel)",
                lambda g: f"'+1-555-' || lpad(({g})::text, 7, '0')",
                (lambda g: f"'+1-555-' || lpad({_pick(g, seed, 10_000_000)}::text, 7, '0')", 14),
            ),
            (r"(city|town)", numbered("city_"), one_of(_CITIES)),
            (r"country", numbered("country_"), one_of(_COUNTRIES)),
            (r"currency", numbered("cur_"), one_of(_CURRENCIES)),
            (
                r"(zip|postal|postcode)",
                lambda g: f"lpad(({g})::text, 5, '0')",
                (lambda g: f"lpad({_pick(g, seed, 100_000)}::text, 5, '0')", 5),
            ),
            (
                r"(address|street)",
                numbered("Street "),
                (
                    lambda g: (
                        f"(1 + {_pick(g, seed, 9_999)}) || ' ' || {_choice(_STREETS, g, seed + 1)}"
                    ),
                    30,
                ),
            ),
            (
                r"(^|_)(sku|code|ref|reference|number|token|key)($|_)",
                numbered(f"{name[:3].upper()}-"),
                (numbered(f"{name[:3].upper()}-"), 4 + digits),
            ),
            (
                r"(password|hash|digest|secret|signature)",
                lambda g: f"md5(({g})::text)",
                (lambda g: f"md5(({g})::text)", 32),
            ),
            (r"(^|_)(status|state)$", numbered("status_"), one_of(_STATUSES)),
            (r"colou?r", numbered("color_"), one_of(_COLORS)),
            (r"(lang|locale)", numbered("lang_"), one_of(_LANGUAGES)),
            (
                r"(^|_)ip(_|$)|ip_?addr",
                lambda g: f"host('10.0.0.0'::inet + (({g}) % 16777216))",
                (lambda g: f"host('10.0.0.0'::inet + {_pick(g, seed, 16_777_216)})", 15),
            ),
            (
                r"(description|body|content|comment|note|bio|summary|message|text)",
                lambda g: f"({g}) || ' ' || {_choice(_PARAGRAPHS, g, seed)}",
                one_of(_PARAGRAPHS),
            ),
            (r"(title|subject|headline|caption|label)", numbered("Title "), one_of(_TITLES)),
        ]
        for pattern, unique, (plain, longest) in rules:
            if re.search(pattern, name):
                return _TextPattern(unique, plain, longest)
        if "name" in name:
            if self.person_table or re.search(r"(full|display|contact|customer|person)", name):
                return _TextPattern(numbered("name_"), *one_of(_FULL_NAMES))
            return _TextPattern(numbered(f"{table} "), *one_of(_PRODUCT_NAMES))
        column_word = re.sub(r"[^a-z0-9]+", "_", name).strip("_") or "value"
        return _TextPattern(numbered(f"{column_word}_"), *one_of(_PHRASES))

    def temporal_at(self, scalar: str, seconds: str) -> str:
        """The date/timestamp ``seconds`` (SQL) after the start of the three-year span."""
        if scalar == "date":
            return f"({_literal(self.start.isoformat())}::date + (({seconds}) / 86400)::int4)"
        if scalar == "timestamp":
            return f"to_timestamp({self.epoch} + {seconds})::timestamp"
        return f"to_timestamp({self.epoch} + {seconds})"

    def temporal(self, column: _Column, ctype: _Type, *, unique: bool) -> _Value:
        scalar = ctype.scalar
        if unique:
            if scalar == "date":
                return _Value(lambda g: self.temporal_at("date", f"({g}) * 86400"), True)
            return _Value(lambda g: self.temporal_at(scalar, f"({g})"), True)
        # Temporal columns of a table rise in column order (created_at <= updated_at,
        # starts_at <= ends_at): each one adds a step to the previous one.
        position = (
            self.temporal_order.index(column.name) if column.name in self.temporal_order else 0
        )
        # One shared base so that the steps are what separates them; the steps fit in the span.
        span = max(86_400, TIMESPAN_SECONDS - (len(self.temporal_order) - 1) * _STEP_SECONDS)
        base_seed = self.seed("", "timestamps")
        steps = [self.seed(name, "step") for name in self.temporal_order[1 : position + 1]]

        def seconds(g: str) -> str:
            terms = [_pick(g, base_seed, span)]
            terms += [_pick(g, step, _STEP_SECONDS) for step in steps]
            return " + ".join(terms)

        return _Value(lambda g: self.temporal_at(scalar, seconds(g)), False)


def _number_range(name: str, scalar: str) -> tuple[float, float]:
    """A realistic range for a numeric column, by its name."""
    if re.search(
        r"(price|amount|total|cost|balance|fee|subtotal|tax|salary|revenue|discount)", name
    ):
        return (1.0, 1000.0) if scalar not in _INTEGER_TYPES else (1, 100_000)
    if re.search(r"(qty|quantity)", name):
        return 1, 10
    if re.search(r"(count|num_|number_of|total_)", name):
        return 0, 1_000
    if re.search(r"(^|_)age$", name):
        return 18, 90
    if re.search(r"(rating|stars)", name):
        return 1, 5
    if re.search(r"(score|percent|pct)", name):
        return 0, 100
    if re.search(r"(^|_)year$", name):
        return 1990, 2025
    if re.search(r"(^|_)(lat|latitude)$", name):
        return -90, 90
    if re.search(r"(^|_)(lon|lng|longitude)$", name):
        return -180, 180
    if re.search(r"(position|sort|order|rank|priority|weight|height|width|length|size)", name):
        return 0, 1_000
    if re.search(r"(version|revision|attempt|retries)", name):
        return 1, 10
    if re.search(r"(ratio|rate)", name):
        return 0, 1
    if scalar == "int2":
        return 0, 32_000
    if scalar in _INTEGER_TYPES:
        return 0, 1_000_000
    return 0, 10_000
