"""One table's INSERT: which columns we supply, with what values, keys and NULLs.

Rows are made by the server, one ``INSERT ... SELECT ... FROM generate_series`` per chunk: no
per-row round trips. ``generate_series`` sits in a target list (ProjectSet) rather than in FROM
so that it streams instead of being materialised first.

Identity and serial columns get the numbers their sequence would give, written out, and the
sequence is moved past them afterwards: ``nextval()`` on every row costs a lock and a buffer
access, and makes concurrent inserts queue.

UNIQUE column sets are kept distinct, CHECKs that order two columns are honoured, and foreign keys
in a cycle that cannot be filled in order are left NULL (with a warning).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

import psycopg

from migcheck.rehearse.seed.catalog import _Column, _Constraint, _Table, _Type
from migcheck.rehearse.seed.checks import _parse_check, _Rules
from migcheck.rehearse.seed.keys import _KeySource
from migcheck.rehearse.seed.relay import _Relay
from migcheck.rehearse.seed.run import _Run
from migcheck.rehearse.seed.sql import _ident, _literal
from migcheck.rehearse.seed.values import (
    _CODE_WIDTH_MAX,
    _INTEGER_TYPES,
    _STEP_SECONDS,
    _STRING_TYPES,
    _TEMPORAL_TYPES,
    Expr,
    _code,
    _pick,
    _plus,
    _Value,
    _ValueFactory,
    code_capacity,
)

DEFAULT_NULL_FRACTION = 0.05
"""Share of NULLs in a nullable column without a ``null_fractions`` entry."""


@dataclass
class _Slot:
    """A column we supply."""

    column: _Column
    expr: Expr  # final SQL value (with NULLs and the cast), as a function of g
    raw: Expr | None = None  # the value before NULLs: parent keys, ordering rules
    fallback: str = ""  # "" or what replaced the generator ("NULL", "default", a constant)
    sequence: tuple[str, int, int] | None = None
    """Numbers a sequence would give (sequence, first value, increment): never replaced."""


@dataclass
class _Insert:
    """Everything needed to write the INSERT for one chunk."""

    table: _Table
    slots: dict[str, _Slot]
    joins: list[tuple[str, Callable[[str], str]]]  # (alias, g -> LATERAL join text)
    self_sequence: str | None  # identity/serial column numbered by nextval() ourselves
    overriding: bool
    keys: dict[str, Expr]  # injective columns, for children

    relay: _Relay | None = None
    """Set once a relay probe worked (:func:`~.fallbacks._try_relay`): chunks go through a file."""

    def statement(self, first: int, last: int) -> str:
        """The SQL that adds rows ``first`` to ``last``: an INSERT, or the relay's COPYs."""
        slots = [slot for slot in self.slots.values() if slot.fallback != "default"]
        columns = ", ".join(_ident(slot.column.name) for slot in slots)
        values = ", ".join(slot.expr("s.g") for slot in slots)
        series = f"SELECT generate_series({first}::int8, {last}::int8) AS g"
        if self.self_sequence is not None:
            numbered = f"nextval({_literal(self.self_sequence)}::regclass)"
            source = f"(SELECT g, {first}::int8 AS g0, {numbered} AS mc_id FROM ({series}) s0) s"
        else:
            source = f"({series}) s"
        joins = " ".join(join("s.g") for _, join in self.joins)
        target = f"{self.table.sql} ({columns})" if columns else self.table.sql
        select = f"SELECT {values} FROM {source} {joins}"
        if self.relay is not None and self.relayable:
            # COPY FROM ignores GENERATED ALWAYS, as OVERRIDING SYSTEM VALUE does.
            return self.relay.statements(select, target, first)
        overriding = " OVERRIDING SYSTEM VALUE" if self.overriding else ""
        return f"INSERT INTO {target}{overriding} {select}"

    @property
    def relayable(self) -> bool:
        """Whether chunks can, and should, go through a file: the SELECT must not depend on
        this session (temp key tables, our own nextval()), must name its columns, and none of
        them may be of a type whose binary form is dear to write and read back (see
        :func:`_dear_to_relay`)."""
        supplied = [slot for slot in self.slots.values() if slot.fallback != "default"]
        return (
            not self.joins
            and self.self_sequence is None
            and bool(supplied)
            and not any(_dear_to_relay(slot.column.type) for slot in supplied)
        )


def _dear_to_relay(ctype: _Type) -> bool:
    """json/jsonb (sent as text, parsed again), arrays and ranges cost more to send and
    receive than storing rows in batches saves: 4-column tables of 300,000 rows took 1.45x
    (jsonb), 1.2x (text[], int4range) as long through the relay as with INSERT, while integer,
    date, boolean, uuid, enum, numeric and timestamp columns took 0.8-0.9x as long."""
    return bool(ctype.array_dims) or ctype.scalar in ("json", "jsonb") or ctype.kind in ("r", "m")


@dataclass
class _Distinct:
    """How a table's UNIQUE sets are kept distinct (see _TableSeeder._distinctness)."""

    injective: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)  # column -> divisor of the row number
    strides: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    capacity: int | None = None  # most rows the UNIQUE sets allow


class _TableSeeder:
    """Builds and runs the INSERTs for one table; adapts to constraint violations."""

    def __init__(
        self,
        run: _Run,
        table: _Table,
        rows: int,
        planned_later: set[int],
        null_fractions: Mapping[str, float],
    ) -> None:
        self.conn = run.conn
        self.catalog = run.catalog
        self.keybook = run.keybook
        self.table = table
        self.rows = rows
        self.planned_later = planned_later
        self.null_fractions = null_fractions
        self.warnings = run.warnings
        # Rows that may travel through a file (see .relay) carry char(n) values unpadded: the
        # server pads them as it reads them back, and the file is a fraction of the size.
        self.relaying = run.scratch_dir is not None
        self.factory = _ValueFactory(table, run.today, pad_char=not self.relaying)
        self.base = 0
        self.rules: dict[str, _Rules] = {}
        # Columns whose NULLs a CHECK ties to another's: (column deciding, inverted, its share
        # of NULLs). See _null_links.
        self.null_links: dict[str, tuple[str, bool, float]] = {}
        self.planned_foreign_keys = run.planned_foreign_keys.get(table.oid, [])
        # Columns of this table that planned foreign keys of other tables will reference.
        self.planned_referenced = {
            c
            for planned in run.planned_foreign_keys.values()
            for fk in planned
            if fk.ref_table_oid == table.oid
            for c in fk.ref_columns
        }

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.table.key}: {message}")

    def _referenced_columns(self) -> set[str]:
        """Columns other tables' foreign keys point at, existing or planned: never NULL, and
        their values recorded as keys for the children."""
        existing = {
            c
            for _, con, _ in self.catalog.incoming.get(self.table.oid, [])
            for c in con.ref_columns
        }
        return existing | self.planned_referenced

    # -- building ----------------------------------------------------------------------------

    def build(self) -> _Insert | None:
        """The INSERT recipe; None when the table cannot be seeded (reason in the warnings)."""
        table = self.table
        row = self.conn.execute(
            cast("LiteralString", f"SELECT count(*) FROM {table.sql}")
        ).fetchone()
        self.base = int(row[0]) if row else 0
        _bump_sequences(self.conn, self)
        for constraint in table.constraints:
            if constraint.kind == "c" and constraint.expression:
                _parse_check(constraint.expression, self.rules)
        for column in table.columns:
            for check in column.type.domain_checks:
                _parse_check(check, self.rules, value_name=column.name)
        for expression in table.planned_checks:
            _parse_check(expression, self.rules)

        supplied = [c for c in table.columns if not c.generated and not c.sequence_filled]
        fk_sources = self._foreign_key_sources({c.name for c in supplied})
        distinct = self._distinctness(supplied, fk_sources)
        slots: dict[str, _Slot] = {}
        keys: dict[str, Expr] = {}

        fk_columns = _fk_columns(table, fk_sources)
        self.null_links = self._null_links(fk_columns)
        for column in supplied:
            if column.name in fk_columns:
                continue
            value = self._plain_value(column, distinct)
            if value is None:
                continue
            slots[column.name] = _Slot(column, self._finish(column, value.expr), raw=value.expr)
            if column.name in distinct.injective and value.unique:
                keys[column.name] = value.expr
        self._apply_ordering(slots, distinct.injective)
        numbered = self._numbered_columns(fk_columns)
        for name, slot in numbered.items():
            slots[name] = slot
            assert slot.raw is not None
            keys[name] = slot.raw

        joins: list[tuple[str, Callable[[str], str]]] = []
        self_sequence: str | None = None
        overriding = any(slot.column.identity == "a" for slot in numbered.values())
        for fk, source in fk_sources:
            columns = [table.column(c) for c in fk.columns]
            if isinstance(source, _KeySource):
                self._foreign_key_slots(fk, source, distinct, slots, joins)
                continue
            if source == "self":
                made = self._self_reference(fk, slots, keys, self._null_fraction(fk.columns))
                if made == "sequence":
                    id_column = table.column(fk.ref_columns[0])
                    self_sequence = id_column.sequence
                    overriding = overriding or id_column.identity == "a"
                    slots[id_column.name] = _Slot(id_column, lambda g: "s.mc_id")
                if made is not None:
                    continue
                reason = "it references columns we do not generate"
            elif source == "later":
                reason = "its table is seeded later (foreign-key cycle)"
            else:
                reason = f"{self.catalog.tables[fk.ref_table_oid].key} has no rows"
            if any(c.not_null or c.type.domain_not_null for c in columns):
                self.warn(f"not seeded: NOT NULL foreign key {fk.name} cannot be filled: {reason}")
                return None
            self.warn(f"foreign key {fk.name} left NULL: {reason}")
            for c in columns:
                slots[c.name] = _Slot(c, lambda g: "NULL", fallback="NULL")

        # Columns we could not generate: NULL, or their default, or give up.
        for column in supplied:
            if column.name in slots:
                continue
            if not column.not_null and not column.type.domain_not_null:
                slots[column.name] = _Slot(column, lambda g: "NULL", fallback="NULL")
                self.warn(f"column {column.name}: no generator for {column.type.sql}; left NULL")
            elif column.default is not None:
                slots[column.name] = _Slot(column, lambda g: "DEFAULT", fallback="default")
            else:
                self.warn(
                    f"not seeded: no generator for NOT NULL column {column.name} "
                    f"of type {column.type.sql}"
                )
                return None
        if distinct.capacity is not None and distinct.capacity < self.rows:
            self.warn(
                f"room for only {distinct.capacity:,} distinct values in its UNIQUE columns; "
                f"seeding {distinct.capacity:,} rows instead of {self.rows:,}"
            )
            self.rows = max(0, distinct.capacity)
        ordered = {c.name: slots[c.name] for c in table.columns if c.name in slots}
        return _Insert(table, ordered, joins, self_sequence, overriding, keys)

    def _numbered_columns(self, fk_columns: set[str]) -> dict[str, _Slot]:
        """Identity and serial columns, given the numbers their sequence would hand out.

        Written out (first + row * increment) rather than left to nextval(), which takes the
        sequence's lock and buffer on every row and makes concurrent inserts queue behind each
        other; the sequence is then moved past them (:func:`_advance_sequences`). Left to the
        sequence: columns sharing it, foreign keys, and sequences that would run out or cycle.
        """
        table = self.table
        columns = [
            c
            for c in table.columns
            if c.sequence_filled
            and c.sequence
            and not c.generated
            and c.name not in fk_columns
            and c.type.scalar in _INTEGER_TYPES
            and not c.type.array_dims
        ]
        sequences = [c.sequence for c in columns]
        slots: dict[str, _Slot] = {}
        for column in columns:
            sequence = column.sequence
            assert sequence is not None
            if sequences.count(sequence) > 1:
                continue
            row = self.conn.execute(
                "SELECT seqincrement, seqmin, seqmax, has_sequence_privilege(seqrelid, 'SELECT') "
                "AND has_sequence_privilege(seqrelid, 'UPDATE') "
                "FROM pg_sequence WHERE seqrelid = %s::regclass",
                (sequence,),
            ).fetchone()
            if row is None or not row[3]:
                continue
            step, low, high = int(row[0]), int(row[1]), int(row[2])
            state = self.conn.execute(
                cast("LiteralString", f"SELECT last_value, is_called FROM {sequence}")
            ).fetchone()
            if state is None or step == 0:
                continue
            first = int(state[0]) + step if state[1] else int(state[0])
            room = (high - first) // step + 1 if step > 0 else (first - low) // -step + 1
            if room < self.rows:
                continue  # nextval() would fail or wrap around: let it, as it would
            target = column.type.sql
            # Row g (the first new one is base + 1) gets first + (g - base - 1) * step.
            offset = first - (self.base + 1) * step

            def number(g: str, offset: int = offset, step: int = step) -> str:
                if step != 1:
                    return f"({offset} + ({g}) * {step})"
                return _plus(g, offset)

            def typed(g: str, number: Expr = number, target: str = target) -> str:
                return f"({number(g)})::{target}"

            slots[column.name] = _Slot(column, typed, raw=number, sequence=(sequence, first, step))
        return slots

    def _foreign_key_sources(
        self, supplied: set[str]
    ) -> list[tuple[_Constraint, _KeySource | str | None]]:
        """Where each foreign key's values come from: parent keys, "self", "later" or None.

        Composite keys come first; a key overlapping one already placed is left to it (the
        composite one usually implies the other, and the rebuilt constraints check it).
        """
        table = self.table
        taken: set[str] = set()
        sources: list[tuple[_Constraint, _KeySource | str | None]] = []
        real = sorted(table.foreign_keys(), key=lambda fk: (-len(fk.columns), fk.name))
        for fk in [*real, *self.planned_foreign_keys]:
            parent = self.catalog.tables.get(fk.ref_table_oid)
            if parent is None or taken & set(fk.columns) or not set(fk.columns) <= supplied:
                continue
            source: _KeySource | str | None
            if parent.oid == table.oid:
                source = "self"
            elif parent.oid in self.planned_later:
                source = "later"
            else:
                source = self.keybook.source(parent, fk.ref_columns)
            if fk.oid == 0 and not isinstance(source, _KeySource):
                continue  # a planned key without parent rows: its columns get values of their own
            taken |= set(fk.columns)
            sources.append((fk, source))
        return sources

    def _distinctness(
        self,
        supplied: list[_Column],
        fk_sources: list[tuple[_Constraint, _KeySource | str | None]],
    ) -> _Distinct:
        """How each UNIQUE column set gets distinct rows.

        In order of preference: (foreign keys, integer) sets like order_items(order_id,
        line_no) cycle through the parents and count per parent; a set with a column that can
        be injective (ids, emails, uuids) makes that column injective; a set of foreign keys
        and finite columns (enums, booleans, IN lists) combines them "mixed radix" from the row
        number, which caps the row count at the number of combinations.
        """
        table = self.table
        supplied_names = {c.name for c in supplied}
        fk_columns = _fk_columns(table, fk_sources)
        referenced = self._referenced_columns()
        distinct = _Distinct()
        for columns, _ in table.unique_sets():
            if not set(columns) <= supplied_names:
                continue  # an identity/serial/generated member keeps the rows apart already
            if any(c in distinct.injective or c in distinct.counters for c in columns):
                continue
            inside = [
                (fk, source)
                for fk, source in fk_sources
                if isinstance(source, _KeySource) and set(fk.columns) <= set(columns)
            ]
            if any(("fk", fk.name) in distinct.strides for fk, _ in inside):
                continue  # shares a foreign key with a set handled already: best effort
            free = [c for c in columns if c not in fk_columns]
            capable = [c for c in free if self._injective_type(c)]
            integers = [c for c in capable if table.column(c).type.scalar in _INTEGER_TYPES]
            if inside and integers:
                stride = 1
                for fk, source in inside:
                    assert isinstance(source, _KeySource)
                    distinct.strides[("fk", fk.name)] = (stride, source.count)
                    stride *= source.count
                distinct.counters[integers[0]] = stride
            elif capable:
                distinct.injective.add(
                    min(capable, key=lambda c: (c not in referenced, columns.index(c)))
                )
            else:
                covered = {c for fk, _ in inside for c in fk.columns}
                finite = {c: self._domain_size(c) for c in free}
                if any(c not in covered and not finite.get(c) for c in columns):
                    self.warn(f"cannot make ({', '.join(columns)}) distinct; seeding may fail")
                    continue
                stride = 1
                for fk, source in inside:
                    assert isinstance(source, _KeySource)
                    distinct.strides[("fk", fk.name)] = (stride, source.count)
                    stride *= source.count
                for c in free:
                    size = finite[c] or 1
                    distinct.strides[("col", c)] = (stride, size)
                    stride *= size
                distinct.capacity = (
                    stride if distinct.capacity is None else min(distinct.capacity, stride)
                )
        # Keys our children reference must be injective (and are never NULL, see _finish).
        for column in referenced & supplied_names:
            if (
                column not in fk_columns
                and column not in distinct.counters
                and self._injective_type(column)
            ):
                distinct.injective.add(column)
        for column in distinct.injective:
            room = self._unique_capacity(table.column(column))
            if room is not None:
                distinct.capacity = (
                    room if distinct.capacity is None else min(distinct.capacity, room)
                )
        return distinct

    def _domain_size(self, name: str) -> int | None:
        column = self.table.column(name)
        allowed = self.rules.get(name, _Rules()).allowed
        if allowed is not None:
            return len(allowed)
        if column.type.array_dims:
            return None
        if column.type.kind == "e":
            return len(column.type.labels)
        if column.type.scalar == "bool":
            return 2
        return None

    def _plain_value(self, column: _Column, distinct: _Distinct) -> _Value | None:
        name = column.name
        relative = self._relative
        if name in distinct.counters:
            divisor = distinct.counters[name]
            rules = self.rules.get(name, _Rules())
            low = 1 if rules.low is None else math.ceil(rules.low + (not rules.low_inclusive))
            start = max(low, self._offset(column, absolute=True) + 1)
            target = column.type.scalar_sql
            return _Value(lambda g: f"({start} + ({relative(g)}) / {divisor})::{target}", False)
        unique = name in distinct.injective
        offset = self._offset(column) if unique else 0
        value = self.factory.value(column, self.rules.get(name, _Rules()), unique, offset)
        if value is None or ("col", name) not in distinct.strides:
            return value
        stride, size = distinct.strides[("col", name)]
        index_expr = value.index_expr
        if index_expr is None:
            return value
        return _Value(lambda g: index_expr(f"(({relative(g)}) / {stride}) % {size}"), False)

    def _apply_ordering(self, slots: dict[str, _Slot], injective: set[str]) -> None:
        """CHECK (ends_at > starts_at): the greater column becomes the lesser plus a step."""
        table = self.table
        orderable = {"numeric", "float4", "float8", *_INTEGER_TYPES, *_TEMPORAL_TYPES}
        for name, rules in self.rules.items():
            if name not in slots or name in injective or slots[name].raw is None:
                continue
            column = table.column(name)
            kind = column.type.scalar
            if kind not in orderable or column.type.array_dims:
                continue
            for other, strict in rules.above:
                below = slots.get(other)
                if below is None or below.raw is None:
                    continue
                if _order_class(below.column.type.scalar) != _order_class(kind):
                    continue
                above = _stepped_above(
                    below.raw,
                    below.column.type.scalar_sql,
                    seed=self.factory.seed(name, "above"),
                    strict=strict,
                    timestamps=kind in ("timestamp", "timestamptz"),
                )

                slots[name] = _Slot(column, self._finish(column, above), raw=above)

    def _foreign_key_slots(
        self,
        fk: _Constraint,
        source: _KeySource,
        distinct: _Distinct,
        slots: dict[str, _Slot],
        joins: list[tuple[str, Callable[[str], str]]],
    ) -> None:
        table = self.table
        relative = self._relative
        if ("fk", fk.name) in distinct.strides:
            stride, size = distinct.strides[("fk", fk.name)]

            def index(g: str) -> str:
                return f"((({relative(g)}) / {stride}) % {size})"
        else:
            seed, count = self.factory.seed(fk.name, "fk"), source.count

            def index(g: str) -> str:
                return _pick(g, seed, count)

        columns = [table.column(c) for c in fk.columns]
        parts: list[Expr]
        if source.join is not None:
            alias = f"k{len(joins) + 1}"
            join = source.join
            joins.append((alias, lambda g: join(alias, index(g))))
            parts = [lambda g, v=v: v for v in source.values(alias)]
        else:
            values_of = source.values
            parts = [lambda g, n=n: values_of(index(g))[n] for n in range(len(columns))]
        null_fraction = self._null_fraction(fk.columns)
        null_seed = self.factory.seed(fk.name, "nulls")
        for column, part in zip(columns, parts, strict=True):
            target = column.type.sql

            def fk_value(g: str, part: Expr = part, target: str = target) -> str:
                return f"({part(g)})::{target}"

            slots[column.name] = _Slot(
                column, _with_nulls(fk_value, null_fraction, null_seed, target), raw=fk_value
            )

    def _relative(self, g: str) -> str:
        """0-based position of row ``g`` among the rows of this run."""
        return f"(({g}) - {self.base + 1})"

    def _injective_type(self, name: str) -> bool:
        column = self.table.column(name)
        ctype = column.type
        if self.rules.get(name, _Rules()).allowed is not None or ctype.kind == "e":
            return False
        return (
            ctype.scalar in _INTEGER_TYPES
            or ctype.scalar in _STRING_TYPES
            or ctype.category == "S"
            or ctype.scalar
            in (
                "numeric",
                "float4",
                "float8",
                "uuid",
                "date",
                "timestamp",
                "timestamptz",
                "bytea",
                "inet",
                "jsonb",
                "json",
                "interval",
                "time",
                "money",
                "xml",
            )
        )

    def _unique_capacity(self, column: _Column) -> int | None:
        """How many distinct values an injective ``column`` can take, when that is limited."""
        ctype = column.type
        if ctype.scalar in _INTEGER_TYPES:
            return _INTEGER_TYPES[ctype.scalar] - self._offset(column) - self.base
        limit = ctype.max_length
        rules = self.rules.get(column.name)
        if rules is not None and rules.max_length is not None:
            limit = rules.max_length if limit is None else min(limit, rules.max_length)
        if (
            limit is not None
            and limit < 19
            and (ctype.scalar in _STRING_TYPES or ctype.category == "S")
        ):
            # Base-36 codes where the column's injective pattern is the code; the patterns of
            # their own (zip codes, phone numbers) count in decimal digits.
            pattern = self.factory.text_pattern(column.name.lower(), 0, limit)
            coded = limit <= _CODE_WIDTH_MAX and pattern.unique("g") == _code("g", limit)
            return (code_capacity(limit) if coded else 10**limit - 1) - self.base
        if ctype.scalar == "numeric" and ctype.numeric_precision:
            precision, scale = ctype.numeric_precision
            return 10 ** (precision - scale) - 1 - self.base
        return None

    def _offset(self, column: _Column, *, absolute: bool = False) -> int:
        """How far existing integer values reach, so that new ones do not collide with them.

        Relative to the row number (``g`` starts after the existing rows) unless ``absolute``.
        """
        if self.base == 0 or column.type.scalar not in _INTEGER_TYPES:
            return 0
        row = self.conn.execute(
            cast("LiteralString", f"SELECT max({_ident(column.name)}) FROM {self.table.sql}")
        ).fetchone()
        if not row or row[0] is None:
            return 0
        return int(row[0]) if absolute else max(0, int(row[0]) - self.base)

    def _null_fraction(self, columns: Sequence[str]) -> float:
        table = self.table
        if any(table.column(c).not_null or table.column(c).type.domain_not_null for c in columns):
            return 0.0
        if any(self.rules.get(c, _Rules()).not_null for c in columns):
            return 0.0
        fractions = [self.null_fractions.get(c) for c in columns]
        known = [f for f in fractions if f is not None]
        fraction = max(known) if known else DEFAULT_NULL_FRACTION
        return min(max(fraction, 0.0), 1.0)

    def _null_links(self, fk_columns: set[str]) -> dict[str, tuple[str, bool, float]]:
        """Columns whose NULLs CHECKs tie together: ``(a IS NULL) = (b IS NULL)`` (both or
        neither) and ``(a IS NULL) <> (b IS NULL)`` (exactly one). Each group of linked columns
        takes its NULLs from one hash, each column NULL where the group's first is (or, if
        inverted, where it is not). The share: none where one of that side must have a
        value, all where one of the other side must, half where both sides can be NULL, else
        the column's usual share. Groups with a foreign key column or a contradiction are
        left alone (the probe and its fallbacks deal with them)."""
        links: dict[str, tuple[str, bool, float]] = {}
        seen: set[str] = set()
        for start, rules in self.rules.items():
            if start in seen or not rules.null_links or self.table.column(start) is None:
                continue
            parity = {start: False}
            queue, consistent = [start], True
            while queue:
                name = queue.pop()
                for other, same in self.rules.get(name, _Rules()).null_links:
                    flipped = parity[name] != (not same)
                    if other not in parity:
                        parity[other] = flipped
                        queue.append(other)
                    elif parity[other] != flipped:
                        consistent = False
            seen.update(parity)
            if not consistent or any(
                self.table.column(name) is None or name in fk_columns for name in parity
            ):
                continue
            never = {inverted for name, inverted in parity.items() if self._never_null(name)}
            if never == {False, True}:
                continue  # both sides must have values: the CHECK cannot hold
            if never == {False}:
                fraction = 0.0
            elif never == {True}:
                fraction = 1.0
            elif len(set(parity.values())) == 2:
                fraction = 0.5
            else:
                fraction = self._null_fraction(sorted(parity))
            links.update((name, (start, inverted, fraction)) for name, inverted in parity.items())
        return links

    def _never_null(self, name: str) -> bool:
        """NOT NULL (or IS NOT NULL in a CHECK), referenced by a foreign key, in a UNIQUE
        NULLS NOT DISTINCT, or never NULL in production (--rows-from)."""
        in_unique_nnd = any(name in cols and nnd for cols, nnd in self.table.unique_sets())
        return (
            name in self._referenced_columns()
            or in_unique_nnd
            or self._null_fraction([name]) == 0.0
        )

    def _finish(self, column: _Column, value: Expr) -> Expr:
        """Cast to the column type, with the column's share of NULLs."""
        ctype = column.type
        target = ctype.sql
        if self.relaying and ctype.scalar == "bpchar" and ctype.sql == ctype.scalar_sql:
            # Unpadded (text has the same binary form); INSERT pads it by assignment too.
            target = "text"
        referenced = column.name in self._referenced_columns()
        in_unique_nnd = any(column.name in cols and nnd for cols, nnd in self.table.unique_sets())
        fraction = 0.0 if referenced or in_unique_nnd else self._null_fraction([column.name])
        seed = self.factory.seed(column.name, "nulls")

        def cast_value(g: str) -> str:
            return f"({value(g)})::{target}"

        link = self.null_links.get(column.name)
        if link is not None:
            first, inverted, fraction = link
            seed = self.factory.seed(first, "nulls")
            if inverted:  # NULL exactly where the group's first column is not
                return _with_nulls(cast_value, 1.0 - fraction, seed, target, inverted=True)
        return _with_nulls(cast_value, fraction, seed, target)

    def _self_reference(
        self,
        fk: _Constraint,
        slots: dict[str, _Slot],
        keys: dict[str, Expr],
        null_fraction: float,
    ) -> str | None:
        """Fill a self-reference: each row points at itself or an earlier row of this run."""
        table = self.table
        columns = [table.column(c) for c in fk.columns]
        null_seed = self.factory.seed(fk.name, "nulls")
        seed = self.factory.seed(fk.name, "fk")
        base = self.base
        if all(c in keys for c in fk.ref_columns):
            exprs = [keys[c] for c in fk.ref_columns]
            for column, expr in zip(columns, exprs, strict=True):
                target = column.type.sql

                def earlier(g: str, expr: Expr = expr, target: str = target) -> str:
                    # Row g of this run points at row g' in [first row, g]: a forest of trees.
                    g_earlier = (
                        f"({base} + 1 + abs(hashint8extended({g}, {seed}) % (({g}) - {base})))"
                    )
                    return f"({expr(g_earlier)})::{target}"

                slots[column.name] = _Slot(
                    column, _with_nulls(earlier, null_fraction, null_seed, target), raw=earlier
                )
            return "keys"
        if len(fk.ref_columns) == 1:
            id_column = table.column(fk.ref_columns[0])
            if id_column.sequence_filled and id_column.sequence:
                # We number the rows with the column's own sequence (as its default would), so a
                # row can point at one numbered earlier in the same statement.
                increment_row = self.conn.execute(
                    "SELECT increment_by FROM pg_sequences "
                    "WHERE format('%%I.%%I', schemaname, sequencename)::regclass = %s::regclass",
                    (id_column.sequence,),
                ).fetchone()
                increment = int(increment_row[0]) if increment_row else 1
                target = columns[0].type.sql

                def back(g: str, target: str = target, increment: int = increment) -> str:
                    # s.g0 is the chunk's first row: ids within one statement are consecutive.
                    distance = f"abs(hashint8extended({g}, {seed}) % (({g}) - s.g0 + 1))"
                    return f"(s.mc_id - {distance} * {increment})::{target}"

                slots[columns[0].name] = _Slot(
                    columns[0], _with_nulls(back, null_fraction, null_seed, target), raw=back
                )
                return "sequence"
        return None


def _stepped_above(
    lower: Expr, lower_type: str, *, seed: int, strict: bool, timestamps: bool
) -> Expr:
    """A value above ``lower`` (of type ``lower_type``) by a random positive step."""

    def above(g: str) -> str:
        if timestamps:
            step = f"(1 + {_pick(g, seed, _STEP_SECONDS)}) * '1 second'::interval"
        else:
            step = f"({int(strict)} + {_pick(g, seed, 30)})"
        return f"(({lower(g)})::{lower_type} + {step})"

    return above


def _order_class(scalar: str) -> str:
    """Columns that can be compared and stepped: timestamps, dates, or numbers."""
    if scalar in ("timestamp", "timestamptz"):
        return "timestamp"
    return "date" if scalar == "date" else "number"


def _fk_columns(
    table: _Table, fk_sources: Sequence[tuple[_Constraint, _KeySource | str | None]]
) -> set[str]:
    """Columns filled as foreign keys: every real one's, and the planned ones' that have
    parent keys to draw from (:class:`~migcheck.rehearse.seed.plan.PlannedForeignKey`)."""
    real = {c for fk in table.foreign_keys() for c in fk.columns}
    return real | {c for fk, _ in fk_sources if fk.oid == 0 for c in fk.columns}


def _with_nulls(
    value: Expr, fraction: float, seed: int, target: str, *, inverted: bool = False
) -> Expr:
    """``value`` NULL in ``fraction`` of the rows: where the hash of the row number falls
    below a threshold or, ``inverted``, at or above the threshold for ``1 - fraction`` (so
    that a column linked to another is NULL exactly where that one is not)."""
    if fraction <= 0:
        return value
    if fraction >= 1:
        return lambda g: f"NULL::{target}"
    # A 64-bit hash is spread evenly over bigint: below this share of the range, NULL. One
    # comparison a row (every operator is a function call; abs(... % n) would be two more).
    below = 1.0 - fraction if inverted else fraction
    threshold = min(-(2**63) + round(below * 2**64), 2**63 - 1)
    compare = ">=" if inverted else "<"
    return lambda g: (
        f"CASE WHEN hashint8extended({g}, {seed}) {compare} {threshold} THEN NULL "
        f"ELSE {value(g)} END"
    )


def _bump_sequences(conn: psycopg.Connection[Any], seeder: _TableSeeder) -> None:
    """Move identity/serial sequences past rows inserted with explicit ids before us."""
    if seeder.base == 0:
        return
    for column in seeder.table.columns:
        if column.sequence_filled and column.sequence and column.type.scalar in _INTEGER_TYPES:
            conn.execute(
                cast(
                    "LiteralString",
                    f"SELECT setval({_literal(column.sequence)}, max({_ident(column.name)})) "
                    f"FROM {seeder.table.sql} HAVING max({_ident(column.name)}) >= "
                    f"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END "
                    f"FROM {column.sequence})",
                )
            )


def _advance_sequences(conn: psycopg.Connection[Any], insert: _Insert, done: int) -> None:
    """Leave the sequences we numbered rows for where nextval() would have left them."""
    if done <= 0:
        return
    for slot in insert.slots.values():
        if slot.sequence is not None:
            sequence, first, step = slot.sequence
            conn.execute(
                "SELECT setval(%s::regclass, %s, true)", (sequence, first + (done - 1) * step)
            )
