"""SQL text -> :class:`~migcheck.analysis.facts.Facts`, with sqlglot (postgres dialect).

sqlglot parses what Alembic emits (CREATE TABLE/INDEX, the common ALTER TABLE forms, DML,
SET). What it leaves as a ``Command`` (VACUUM, CLUSTER, REINDEX, VALIDATE CONSTRAINT,
ALTER TYPE ... ADD VALUE, DETACH PARTITION, ...) goes to :mod:`migcheck.analysis.fallback`,
which splits ALTER TABLE into subcommands and gives each one back to sqlglot first.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from migcheck.analysis import dialect, fallback
from migcheck.analysis.facts import (
    Action,
    AddColumn,
    AddConstraint,
    AlterColumnType,
    ColumnSpec,
    ConstraintKind,
    CreateEnum,
    CreateIndex,
    CreateTable,
    Dml,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropTable,
    Facts,
    Kind,
    LockMode,
    OtherTableChange,
    RenameColumn,
    RenameIndex,
    RenameTable,
    RewriteTable,
    SetDefault,
    SetNotNull,
    SetSetting,
    TableLockOnly,
    TransactionControl,
    Truncate,
    Vacuum,
)
from migcheck.analysis.names import ident, qualified
from migcheck.analysis.types import SERIAL_TYPES, default_volatility, normalize_type

# sqlglot warns on every statement it falls back on; that is our normal path, not news.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

DIALECT = "postgres"


@lru_cache(maxsize=4096)
def analyze(sql: str) -> Facts:
    """Facts about one SQL statement. Never raises: what cannot be understood is reported as
    ``parsed=False`` with a note."""
    facts = _analyze(sql)
    foreign, defines = dialect.foreign_types(sql), dialect.defined_type(sql)
    if foreign or defines:
        facts = dataclasses.replace(facts, foreign_types=foreign, defines_type=defines)
    reserved = _reserved_table_name(facts, sql)
    if reserved is not None:
        # The parsers are lenient: "ALTER TABLE FROM WHERE" reads as a change to a table "from".
        return Facts(
            kind=Kind.OTHER,
            parsed=False,
            note=f"not valid PostgreSQL: {reserved.upper()} is a reserved word, not a table name "
            "(quoted, it would be one)",
        )
    return facts


def _analyze(sql: str) -> Facts:
    text = sql.strip().rstrip(";").strip()
    if not text:
        return Facts(kind=Kind.OTHER)
    non_pg = dialect.non_postgres_syntax(text)
    if non_pg:
        return Facts(kind=Kind.OTHER, parsed=False, note=non_pg, non_postgres=True)
    # sqlglot reads ``START TRANSACTION``, ``ABORT`` and ``SAVEPOINT x`` as column references
    # and has no RESET: these keywords only ever start these statements in PostgreSQL.
    head = text.split(None, 1)[0].upper()
    if fallback.CONNECT_COMMAND.match(text):
        return Facts(kind=Kind.SESSION, actions=[TransactionControl(table=None, verb="reconnect")])
    if head in fallback.KEYWORD_FIRST:
        facts = fallback.classify(text)
        if facts is not None:
            return facts
    try:
        expressions = _parse(text)
    except (ParseError, TokenError, ValueError, RecursionError) as exc:
        facts = fallback.classify(text)
        if facts is not None:
            return facts
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Facts(kind=Kind.OTHER, parsed=False, note=f"sqlglot could not parse it: {message}")
    if len(expressions) != 1 or not isinstance(expressions[0], exp.Expression):
        facts = fallback.classify(text)
        return facts or Facts(kind=Kind.OTHER, parsed=False, note="several statements in one")
    return from_expression(expressions[0], text)


def _parse(text: str) -> list[exp.Expr]:
    try:
        return [e for e in sqlglot.parse(text, read=DIALECT) if e is not None]
    except ParseError:
        # A column of a type named ``type`` (OpenStack's ``sa.Enum(..., name="type")``:
        # keystone, designate) is valid PostgreSQL that sqlglot cannot read; quoted, it can.
        quoted = _TYPE_NAMED_TYPE.sub(r'\g<before>"type"', text)
        if quoted == text:
            raise
        return [e for e in sqlglot.parse(quoted, read=DIALECT) if e is not None]


_TYPE_NAMED_TYPE = re.compile(
    r'(?P<before>(?:^|[(,])\s*(?:"(?:[^"]|"")+"|\w+)\s+)type'
    r"(?=\s*(?:\[\]|NOT\b|NULL\b|DEFAULT\b|COLLATE\b|CONSTRAINT\b|PRIMARY\b|UNIQUE\b"
    r"|CHECK\b|REFERENCES\b|,|\)))",
    re.IGNORECASE | re.MULTILINE,
)


# PostgreSQL's reserved key words (appendix C of its manual): none names a table unquoted.
_RESERVED = frozenset(
    {
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "current_catalog",
        "current_date",
        "current_role",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "grant",
        "group",
        "having",
        "in",
        "initially",
        "intersect",
        "into",
        "lateral",
        "leading",
        "limit",
        "localtime",
        "localtimestamp",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "placing",
        "primary",
        "references",
        "returning",
        "select",
        "session_user",
        "some",
        "symmetric",
        "system_user",
        "table",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "when",
        "where",
        "window",
        "with",
    }
)


def _reserved_table_name(facts: Facts, text: str) -> str | None:
    for action in facts.actions:
        name = (action.table or "").rsplit(".", 1)[-1]
        if name.lower() in _RESERVED and f'"{name}"' not in text:
            return name
    return None


def from_expression(node: exp.Expression, text: str) -> Facts:
    facts = _from_expression(node, text)
    hidden = _data_modifying_ctes(node)
    if hidden and facts.kind in (Kind.DML, Kind.QUERY, Kind.OTHER):
        return Facts(kind=Kind.DML, actions=[*facts.actions, *hidden])
    return facts


def _read_tables(node: exp.Expression) -> list[str]:
    """The tables a query reads (not its CTEs, not set-returning functions), in order."""
    ctes = {cte.alias_or_name for cte in node.find_all(exp.CTE)}
    found: dict[str, None] = {}
    for table in node.find_all(exp.Table):
        if isinstance(table.this, exp.Identifier) and table.name not in ctes:
            found.setdefault(_table(table), None)
    return list(found)


def _data_modifying_ctes(node: exp.Expression) -> list[Dml]:
    """``WITH moved AS (DELETE FROM queue RETURNING *) INSERT INTO log SELECT * FROM moved``:
    the UPDATE and DELETE hidden in a WITH clause change rows as much as top-level ones."""
    with_ = node.args.get("with_") or node.args.get("with")
    if not isinstance(with_, exp.With):
        return []
    found: list[Dml] = []
    for cte in with_.expressions:
        inner = cte.this if isinstance(cte, exp.CTE) else None
        if isinstance(inner, exp.Update | exp.Delete):
            table = inner.this if isinstance(inner.this, exp.Table) else inner.find(exp.Table)
            found.append(
                Dml(
                    table=_table(table) if table is not None else None,
                    verb="update" if isinstance(inner, exp.Update) else "delete",
                    has_where=_filters(inner.args.get("where")),
                    columns=_set_columns(inner) if isinstance(inner, exp.Update) else (),
                )
            )
    return found


def _set_columns(update: exp.Update) -> tuple[str, ...]:
    """The columns an UPDATE sets; empty if one of its targets is not a plain column (a
    ``(a, b) = (...)`` row assignment): not known then."""
    columns: list[str] = []
    for assignment in update.expressions:
        target = assignment.this if isinstance(assignment, exp.EQ) else None
        if not isinstance(target, exp.Column):
            return ()
        columns.append(target.name)
    return tuple(columns)


def _filters(where: exp.Expression | None) -> bool:
    """Whether a WHERE clause can leave rows out: ``WHERE 1=1`` and ``WHERE true`` cannot."""
    if where is None:
        return False
    condition = where.this if isinstance(where, exp.Where) else where
    while isinstance(condition, exp.Paren):
        condition = condition.this
    if isinstance(condition, exp.Boolean):
        return not condition.this
    if isinstance(condition, exp.EQ) and isinstance(condition.this, exp.Literal):
        return condition.this != condition.expression
    return True


def _from_expression(node: exp.Expression, text: str) -> Facts:
    if isinstance(node, exp.Command):
        facts = fallback.classify(text)
        if facts is not None:
            return facts
        return Facts(
            kind=Kind.OTHER,
            parsed=False,
            note=f"{node.name.upper() or 'statement'} ... is not understood",
        )
    if isinstance(node, exp.Create):
        return _create(node, text)
    if isinstance(node, exp.Alter):
        return _alter(node, text)
    if isinstance(node, exp.Drop):
        if str(node.args.get("kind") or "").upper() == "TRIGGER":
            return fallback.drop_trigger(text) or Facts(kind=Kind.DDL)
        return _drop(node)
    if isinstance(node, exp.TruncateTable):
        cascade = str(node.args.get("option") or "").upper() == "CASCADE"
        return Facts(
            kind=Kind.DDL,
            actions=[Truncate(table=_table(t), cascade=cascade) for t in node.expressions],
        )
    if isinstance(node, exp.Update | exp.Delete):
        verb = "update" if isinstance(node, exp.Update) else "delete"
        table = node.this if isinstance(node.this, exp.Table) else node.find(exp.Table)
        return Facts(
            kind=Kind.DML,
            actions=[
                Dml(
                    table=_table(table) if table is not None else None,
                    verb=verb,
                    has_where=_filters(node.args.get("where")),
                    columns=_set_columns(node) if isinstance(node, exp.Update) else (),
                )
            ],
        )
    if isinstance(node, exp.Insert):
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        from_select = isinstance(node.expression, exp.Select | exp.Union)
        return Facts(
            kind=Kind.DML,
            actions=[
                Dml(
                    table=_table(target) if isinstance(target, exp.Table) else None,
                    verb="insert",
                    has_where=True,
                    from_select=from_select,
                )
            ],
        )
    if isinstance(node, exp.Merge):
        target = node.this
        return Facts(
            kind=Kind.DML,
            actions=[
                Dml(
                    table=_table(target) if isinstance(target, exp.Table) else None,
                    verb="merge",
                )
            ],
        )
    if isinstance(node, exp.Set):
        return _set(node, text)
    if isinstance(node, exp.Transaction):
        return Facts(kind=Kind.TRANSACTION, actions=[TransactionControl(table=None, verb="begin")])
    if isinstance(node, exp.Commit):
        return Facts(kind=Kind.TRANSACTION, actions=[TransactionControl(table=None, verb="commit")])
    if isinstance(node, exp.Rollback):
        verb = "rollback" if not node.args.get("savepoint") else "rollback to savepoint"
        return Facts(kind=Kind.TRANSACTION, actions=[TransactionControl(table=None, verb=verb)])
    if isinstance(node, exp.Analyze):
        table = node.find(exp.Table)
        return Facts(
            kind=Kind.MAINTENANCE,
            actions=[Vacuum(table=_table(table) if table else None, analyze_only=True)],
        )
    if isinstance(node, exp.Query):
        settings = fallback.set_config_calls(text)
        if settings:
            return Facts(kind=Kind.SESSION, actions=list(settings))
        locking = node.find(exp.Lock)
        if locking is None:
            # A read: ACCESS SHARE on each table it reads (a count(*) after an ACCESS EXCLUSIVE
            # change scans the table while nobody else can read it).
            return Facts(
                kind=Kind.QUERY,
                actions=[
                    TableLockOnly(table=name, description="SELECT", lock=LockMode.ACCESS_SHARE)
                    for name in _read_tables(node)
                ],
            )
        return Facts(
            kind=Kind.QUERY,
            actions=[
                TableLockOnly(
                    table=_table(t), description="SELECT ... FOR UPDATE", lock=LockMode.ROW_SHARE
                )
                for t in node.find_all(exp.Table)
            ],
        )
    if isinstance(node, exp.Comment):
        return fallback.comment_on(text) or Facts(kind=Kind.DDL)
    if isinstance(node, exp.Grant):
        return Facts(kind=Kind.DDL)
    facts = fallback.classify(text)
    if facts is not None:
        return facts
    if isinstance(node, exp.Condition | exp.Alias | exp.Identifier | exp.Tuple):
        # sqlglot read an unknown statement as an expression ("FOO bar" -> column foo AS bar):
        # it was not understood, and saying so beats checking nothing silently.
        return Facts(
            kind=Kind.OTHER,
            parsed=False,
            note=f"{text.split(None, 1)[0].upper()} ... is not understood",
        )
    return Facts(kind=Kind.OTHER)


# --------------------------------------------------------------------------- helpers


def _table(node: exp.Expression | None) -> str:
    if node is None:
        return ""
    if isinstance(node, exp.Table):
        parts = [p.this if isinstance(p, exp.Identifier) else p.name for p in node.parts]
        quoted = [isinstance(p, exp.Identifier) and p.quoted for p in node.parts]
        names = [p if q else str(p).lower() for p, q in zip(parts, quoted, strict=True)]
        if len(names) > 1 and names[-2] == "public":
            names = names[-1:]
        return ".".join(str(n) for n in names[-2:])
    return qualified(node.sql(dialect=DIALECT))


def _name(node: exp.Expression | None) -> str:
    if node is None:
        return ""
    if isinstance(node, exp.Identifier):
        return node.this if node.quoted else node.this.lower()
    if isinstance(node, exp.Column | exp.Table):
        return _name(node.this)
    return ident(node.sql(dialect=DIALECT))


def _type(node: exp.Expression | None) -> str:
    if node is None:
        return ""
    return normalize_type(node.sql(dialect=DIALECT))


def _sql(node: exp.Expression | None) -> str | None:
    return None if node is None else node.sql(dialect=DIALECT, normalize_functions=False)


_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_RENAME_COLUMN = re.compile(
    rf"\bRENAME\s+(?:COLUMN\s+)?(?!TO\b)(?P<old>{_NAME})\s+TO\s+(?P<new>{_NAME})", re.IGNORECASE
)
_ON_ONLY = re.compile(r"\bON\s+ONLY\b", re.IGNORECASE)
_STORED = re.compile(r"GENERATED\s+ALWAYS\s+AS\s*\(.*?\)\s*STORED", re.IGNORECASE | re.DOTALL)


def column_spec(node: exp.ColumnDef, source: str) -> ColumnSpec:
    """A column definition from CREATE TABLE or ADD COLUMN."""
    name = _name(node.this)
    type_sql = node.args.get("kind")
    col_type = _type(type_sql) if type_sql is not None else ""
    default = None
    not_null = primary_key = unique = identity = generated = False
    references = check = None
    for constraint in node.constraints:
        kind = constraint.kind
        if isinstance(kind, exp.DefaultColumnConstraint):
            default = _sql(kind.this)
        elif isinstance(kind, exp.NotNullColumnConstraint):
            not_null = not kind.args.get("allow_null")
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            primary_key = not_null = True
        elif isinstance(kind, exp.UniqueColumnConstraint):
            unique = True
        elif isinstance(kind, exp.Reference):
            target = kind.find(exp.Table)
            references = _table(target) if target is not None else None
        elif isinstance(kind, exp.CheckColumnConstraint):
            check = _sql(kind.this)
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
            identity = True
        elif isinstance(kind, exp.ComputedColumnConstraint):
            generated = True
    stored = generated and bool(_STORED.search(source))
    serial = col_type in SERIAL_TYPES
    volatility = default_volatility(default)
    if serial:
        volatility = default_volatility("nextval('seq')")
    return ColumnSpec(
        name=name,
        type=col_type,
        default=default,
        volatility=volatility,
        not_null=not_null,
        primary_key=primary_key,
        unique=unique,
        references=references,
        check=check,
        generated_stored=stored,
        generated_virtual=generated and not stored,
        identity=identity,
        serial=serial,
    )


def _table_constraint(node: exp.Expression, table: str, not_valid: bool) -> AddConstraint | None:
    """A table constraint: ``CONSTRAINT n CHECK (...)``, ``FOREIGN KEY``, ``UNIQUE``, ..."""
    name = None
    inner = node
    if isinstance(node, exp.Constraint):
        name = _name(node.this)
        inner = node.expressions[0] if node.expressions else node
    if isinstance(inner, exp.ForeignKey):
        ref = inner.args.get("reference")
        target = ref.find(exp.Table) if ref is not None else None
        schema = ref.this if ref is not None and isinstance(ref.this, exp.Schema) else None
        return AddConstraint(
            table=table,
            name=name,
            kind=ConstraintKind.FOREIGN_KEY,
            columns=tuple(_name(c) for c in inner.expressions),
            references=_table(target) if target is not None else None,
            ref_columns=tuple(_name(c) for c in schema.expressions) if schema else (),
            not_valid=not_valid,
        )
    if isinstance(inner, exp.CheckColumnConstraint):
        return AddConstraint(
            table=table,
            name=name,
            kind=ConstraintKind.CHECK,
            check=_sql(inner.this),
            not_valid=not_valid,
        )
    if isinstance(inner, exp.PrimaryKey | exp.PrimaryKeyColumnConstraint):
        return AddConstraint(
            table=table,
            name=name,
            kind=ConstraintKind.PRIMARY_KEY,
            columns=tuple(_name(c) for c in inner.expressions),
        )
    if isinstance(inner, exp.UniqueColumnConstraint):
        this = inner.this
        columns = tuple(_name(c) for c in this.expressions) if isinstance(this, exp.Schema) else ()
        return AddConstraint(table=table, name=name, kind=ConstraintKind.UNIQUE, columns=columns)
    if isinstance(inner, exp.ExcludeColumnConstraint):
        return AddConstraint(table=table, name=name, kind=ConstraintKind.EXCLUDE)
    return None


# --------------------------------------------------------------------------- CREATE


def _create(node: exp.Create, text: str) -> Facts:
    kind = str(node.args.get("kind") or "").upper()
    if kind == "INDEX":
        index = node.this
        params = index.args.get("params") if isinstance(index, exp.Index) else None
        columns: tuple[str, ...] = ()
        partial = False
        if params is not None:
            columns = tuple(
                _name(c.this)
                if isinstance(c, exp.Ordered) and isinstance(c.this, exp.Column)
                else (
                    c.this.sql(dialect=DIALECT)
                    if isinstance(c, exp.Ordered)
                    else c.sql(dialect=DIALECT)
                )
                for c in params.args.get("columns") or []
            )
            partial = params.args.get("where") is not None
        table = index.args.get("table") if isinstance(index, exp.Index) else None
        return Facts(
            kind=Kind.DDL,
            actions=[
                CreateIndex(
                    table=_table(table) if table is not None else None,
                    name=_name(index.this) if isinstance(index, exp.Index) and index.this else None,
                    columns=columns,
                    unique=bool(node.args.get("unique")),
                    concurrently=bool(node.args.get("concurrently")),
                    partial=partial,
                    only=bool(_ON_ONLY.search(text)),
                )
            ],
        )
    if kind == "TABLE":
        return _create_table(node, text)
    if kind == "SEQUENCE":
        # A sequence is a relation too, and a new one: pg_dump follows it with
        # ALTER TABLE seq OWNER TO ..., which locks nothing anybody uses yet.
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        if isinstance(target, exp.Table):
            return Facts(kind=Kind.DDL, actions=[CreateTable(table=_table(target))])
        return Facts(kind=Kind.DDL)
    if kind == "VIEW" and re.match(r"^\s*CREATE\s+MATERIALIZED\s+VIEW\b", text, re.IGNORECASE):
        # A materialized view is a new relation with storage: indexes built on it right after
        # its creation block nobody, like those of a new table.
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        return Facts(kind=Kind.DDL, actions=[CreateTable(table=_table(target), as_select=True)])
    if kind == "TYPE":
        if re.search(r"\bAS\s+ENUM\b", text, re.IGNORECASE):
            enum = node.args.get("expression")
            labels = tuple(
                str(label.this)
                for label in (enum.expressions if isinstance(enum, exp.DataType) else [])
                if isinstance(label, exp.Literal) and label.is_string
            )
            return Facts(
                kind=Kind.DDL,
                actions=[
                    CreateEnum(
                        table=None,
                        type_name=qualified(node.this.sql(dialect=DIALECT)),
                        labels=labels,
                    )
                ],
            )
        return Facts(kind=Kind.DDL)
    if kind == "TRIGGER":
        props = node.find(exp.TriggerProperties)
        table = props.args.get("table") if props is not None else None
        return Facts(
            kind=Kind.DDL,
            actions=[
                TableLockOnly(
                    table=_table(table) if table is not None else None,
                    description="CREATE TRIGGER",
                    lock=LockMode.SHARE_ROW_EXCLUSIVE,
                )
            ],
        )
    return Facts(kind=Kind.DDL)


def _create_table(node: exp.Create, text: str) -> Facts:
    target = node.this
    schema = target if isinstance(target, exp.Schema) else None
    table_node = schema.this if schema is not None else target
    table = _table(table_node)
    columns: list[ColumnSpec] = []
    constraints: list[AddConstraint] = []
    for item in schema.expressions if schema is not None else []:
        if isinstance(item, exp.ColumnDef):
            columns.append(column_spec(item, _sql(item) or ""))
        else:
            constraint = _table_constraint(item, table, not_valid=False)
            if constraint is not None:
                constraints.append(constraint)
    partition_of = None
    unlogged = False
    props = node.args.get("properties")
    if props is not None:
        for prop in props.expressions:
            if isinstance(prop, exp.PartitionedOfProperty):
                partition_of = _table(prop.this)
            elif isinstance(prop, exp.UnloggedProperty):
                unlogged = True
    # A generated column's STORED keyword lives in the source, not in sqlglot's tree.
    if any(c.generated_virtual for c in columns) and _STORED.search(text):
        columns = [_restored(c, text) for c in columns]
    return Facts(
        kind=Kind.DDL,
        actions=[
            CreateTable(
                table=table,
                columns=tuple(columns),
                constraints=tuple(constraints),
                partition_of=partition_of,
                as_select=node.expression is not None,
                unlogged=unlogged,
            )
        ],
    )


def _restored(column: ColumnSpec, text: str) -> ColumnSpec:
    pattern = re.compile(
        rf'\b"?{re.escape(column.name)}"?\s+[^,]*?GENERATED\s+ALWAYS\s+AS\s*\(.*?\)\s*STORED',
        re.IGNORECASE | re.DOTALL,
    )
    if column.generated_virtual and pattern.search(text):
        return dataclasses.replace(column, generated_stored=True, generated_virtual=False)
    return column


# --------------------------------------------------------------------------- ALTER


def _alter(node: exp.Alter, text: str) -> Facts:
    kind = str(node.args.get("kind") or "").upper()
    target = _table(node.this)
    if kind == "INDEX":
        actions: list[Action] = []
        for action in node.args.get("actions") or []:
            if isinstance(action, exp.AlterRename):
                actions.append(RenameIndex(table=None, name=target, new_name=_table(action.this)))
        return Facts(kind=Kind.DDL, actions=actions)
    if kind != "TABLE":
        return Facts(kind=Kind.DDL)
    not_valid = bool(node.args.get("not_valid"))
    parsed_actions = node.args.get("actions") or []
    expected = fallback.count_alter_subcommands(text)
    if expected is not None and len(parsed_actions) != expected:
        # sqlglot silently drops subcommands it does not know ("ALTER COLUMN a SET DEFAULT 1,
        # SET TABLESPACE x" keeps only the first): classify each subcommand on its own.
        facts = fallback.classify(text)
        if facts is not None:
            return facts
    result: list[Action] = []
    for action in parsed_actions:
        result.extend(_alter_table_action(action, target, not_valid, text))
    return Facts(kind=Kind.DDL, actions=result)


def _alter_table_action(
    action: exp.Expression, table: str, not_valid: bool, text: str
) -> list[Action]:
    if isinstance(action, exp.ColumnDef):
        spec = column_spec(action, _sql(action) or "")
        if spec.generated_virtual and _STORED.search(text):
            spec = _restored(spec, text)
        return [AddColumn(table=table, column=spec)]
    if isinstance(action, exp.AlterColumn):
        column = _name(action.this)
        if action.args.get("dtype") is not None:
            using = action.args.get("using")
            return [
                AlterColumnType(
                    table=table,
                    column=column,
                    new_type=_type(action.args["dtype"]),
                    using=_sql(using) if using else None,
                )
            ]
        if "allow_null" in action.args and action.args.get("allow_null") is not None:
            if action.args.get("allow_null"):
                return [DropNotNull(table=table, column=column)]
            return [SetNotNull(table=table, column=column)]
        if action.args.get("default") is not None:
            default = _sql(action.args["default"])
            return [
                SetDefault(
                    table=table,
                    column=column,
                    default=default,
                    volatility=default_volatility(default),
                )
            ]
        if action.args.get("drop"):
            return [SetDefault(table=table, column=column, default=None)]
        return [OtherTableChange(table=table, description=f"ALTER COLUMN {column}")]
    if isinstance(action, exp.AddConstraint):
        out: list[Action] = []
        for item in action.expressions:
            constraint = _table_constraint(item, table, not_valid)
            if constraint is not None:
                out.append(constraint)
        return out
    if isinstance(action, exp.Drop):
        kind = str(action.args.get("kind") or "").upper()
        names = [_name(t) for t in action.args.get("tables") or []]
        if kind == "COLUMN":
            return [DropColumn(table=table, column=n) for n in names]
        if kind == "CONSTRAINT":
            return [DropConstraint(table=table, name=n) for n in names]
        return [OtherTableChange(table=table, description=f"DROP {kind}")]
    if isinstance(action, exp.RenameColumn):
        return [
            RenameColumn(
                table=table,
                column=_name(action.this),
                new_name=_name(action.args.get("to")),
            )
        ]
    if isinstance(action, exp.AlterRename):
        # sqlglot reads "RENAME col TO new" (COLUMN omitted, as Alembic writes it) as a table
        # rename with a trailing TO; the text tells them apart.
        column = _RENAME_COLUMN.search(text)
        if column:
            return [
                RenameColumn(
                    table=table,
                    column=ident(column.group("old")),
                    new_name=ident(column.group("new")),
                )
            ]
        return [RenameTable(table=table, new_name=_table(action.this))]
    if isinstance(action, exp.AlterSet):
        return [_alter_set(action, table)]
    return [OtherTableChange(table=table, description=type(action).__name__)]


def _alter_set(action: exp.AlterSet, table: str) -> Action:
    """``ALTER TABLE ... SET ...``: sqlglot puts SET TABLESPACE, SET LOGGED/UNLOGGED, SET ACCESS
    METHOD and SET (storage parameters) in one node. The first three copy the whole table under
    ACCESS EXCLUSIVE (ALTER TABLE notes); storage parameters such as fillfactor and the
    autovacuum ones take SHARE UPDATE EXCLUSIVE."""
    option = str(action.args.get("option") or "").upper()
    if action.args.get("tablespace") is not None:
        return RewriteTable(table=table, command="SET TABLESPACE")
    if action.args.get("access_method") is not None:
        return RewriteTable(table=table, command="SET ACCESS METHOD")
    if option in ("LOGGED", "UNLOGGED"):
        return RewriteTable(table=table, command=f"SET {option}")
    if option == "WITHOUT CLUSTER":
        return OtherTableChange(
            table=table, description="SET WITHOUT CLUSTER", lock=LockMode.SHARE_UPDATE_EXCLUSIVE
        )
    if option:
        return OtherTableChange(table=table, description=f"SET {option}")
    return OtherTableChange(
        table=table, description="SET (storage parameters)", lock=LockMode.SHARE_UPDATE_EXCLUSIVE
    )


# --------------------------------------------------------------------------- DROP / SET


def _drop(node: exp.Drop) -> Facts:
    kind = str(node.args.get("kind") or "").upper()
    targets = node.args.get("tables") or ([node.this] if node.this else [])
    cascade = bool(node.args.get("cascade"))
    if kind == "TABLE":
        return Facts(
            kind=Kind.DDL, actions=[DropTable(table=_table(t), cascade=cascade) for t in targets]
        )
    if kind == "INDEX":
        return Facts(
            kind=Kind.DDL,
            actions=[
                DropIndex(
                    table=None,
                    name=_table(t),
                    concurrently=bool(node.args.get("concurrently")),
                )
                for t in targets
            ],
        )
    return Facts(kind=Kind.DDL)


def _set(node: exp.Set, text: str) -> Facts:
    actions: list[Action] = []
    for item in node.expressions:
        if not isinstance(item, exp.SetItem):
            continue
        local = str(item.args.get("kind") or "").upper() == "LOCAL"
        inner = item.this
        if isinstance(inner, exp.EQ):
            name = _name(inner.this)
            value_node = inner.expression
            value = value_node.name if isinstance(value_node, exp.Literal) else _sql(value_node)
            actions.append(SetSetting(table=None, name=name, value=value, local=local))
    if not actions:
        match = re.match(
            r"^\s*SET\s+(LOCAL\s+|SESSION\s+)?([A-Za-z_.]+)\s*(=|TO)\s*(.+)$",
            text,
            re.IGNORECASE | re.DOTALL,
        )
        if match:
            actions.append(
                SetSetting(
                    table=None,
                    name=match.group(2).lower(),
                    value=match.group(4).strip().strip("'"),
                    local=bool(match.group(1)) and match.group(1).strip().upper() == "LOCAL",
                )
            )
    return Facts(kind=Kind.SESSION, actions=actions)
