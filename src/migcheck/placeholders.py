"""Tables a history's foreign keys reference but never creates, made up on lint's database.

neutron's sub-projects (networking-bgpvpn, networking-sfc, networking-l2gw, neutron-vpnaas,
neutron-dynamic-routing, tap-as-a-service...) continue neutron's schema: their first revisions
create tables with foreign keys to neutron's ``ports``, ``networks`` or ``routers``. On lint's
throwaway database, which holds this history only, such a CREATE TABLE failed ("relation
"ports" does not exist"), the revision was skipped, and every later revision that reflects or
alters its tables could not be rendered there either. When a revision fails so, the missing
table is made with just the referenced columns (typed as the referencing ones, unique as a
foreign key requires) and the revision is run again.

Only lint's database gets placeholders (its rows are never read): a rehearsal refuses a history
that continues one it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql

from migcheck.analysis.facts import AddConstraint, ConstraintKind, CreateTable
from migcheck.analysis.names import bare
from migcheck.analysis.parse import analyze

UNDEFINED_TABLE = "42P01"
_MISSING = re.compile(r'relation "([^"]+)" does not exist')
MAX_PLACEHOLDERS = 10
"""Per revision: each run reveals one missing table."""


def placeholder_for(
    error: BaseException | None, connection: sa.Connection, earlier: Sequence[str] = ()
) -> str | None:
    """The CREATE TABLE of the table whose absence made ``error`` (a foreign key's target), or
    None when the error is not that. ``earlier``: the statements the revision ran before the
    failing one (rolled back with it), where the referencing table may have been created."""
    if not isinstance(error, sa_exc.DBAPIError) or error.statement is None:
        return None
    orig: Any = error.orig
    if getattr(getattr(orig, "diag", None), "sqlstate", None) != UNDEFINED_TABLE:
        return None
    found = _MISSING.search(str(orig))
    if found is None:
        return None
    missing = found.group(1)
    columns: dict[str, str] = {}  # referenced column -> type
    keys: list[tuple[str, ...]] = []
    for action in analyze(error.statement).actions:
        if isinstance(action, CreateTable):
            types = {column.name: column.type for column in action.columns}
            foreign_keys = [c for c in action.constraints if c.kind is ConstraintKind.FOREIGN_KEY]
        elif (
            isinstance(action, AddConstraint)
            and action.kind is ConstraintKind.FOREIGN_KEY
            and action.table is not None
        ):
            types = _created_in(earlier, action.table) or _column_types(connection, action.table)
            foreign_keys = [action]
        else:
            continue
        for key in foreign_keys:
            if key.references is None or bare(key.references) != bare(missing):
                continue
            referenced = key.ref_columns or ("id",) * len(key.columns)
            if len(referenced) != len(key.columns):
                continue
            for local, remote in zip(key.columns, referenced, strict=True):
                columns.setdefault(remote, types.get(local, "text"))
            keys.append(tuple(referenced))
    if not keys:
        return None
    quote = postgresql.dialect().identifier_preparer.quote
    definitions = [f"{quote(name)} {type_}" for name, type_ in columns.items()]
    definitions += [
        f"UNIQUE ({', '.join(quote(name) for name in key)})" for key in dict.fromkeys(keys)
    ]
    table = ".".join(quote(part) for part in missing.split("."))
    return f"CREATE TABLE {table} ({', '.join(definitions)})"


def _created_in(statements: Sequence[str], table: str) -> dict[str, str]:
    """The columns of ``table`` as the last CREATE TABLE of it among ``statements`` made them."""
    types: dict[str, str] = {}
    for statement in statements:
        for action in analyze(statement).actions:
            if (
                isinstance(action, CreateTable)
                and action.table
                and bare(action.table) == bare(table)
            ):
                types = {column.name: column.type for column in action.columns}
    return types


def _column_types(connection: sa.Connection, table: str) -> dict[str, str]:
    """The columns of ``table`` on the database, with their types."""
    rows = connection.execute(
        sa.text(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped"
        ),
        {"table": table},
    )
    return {str(name): str(type_) for name, type_ in rows}


def placeholder_note(ddl: str) -> str:
    """How a revision rendered over a placeholder lists it among its stand-ins."""
    name = ddl.removeprefix("CREATE TABLE ").split(" (", 1)[0]
    return f"table {name} (made up for foreign keys; no revision creates it)"
