"""Generate a realistic Alembic project of N revisions (default 500) for the benchmarks.

    uv run python benchmarks/gen_project.py /tmp/bench500 --revisions 500

The project has an alembic.ini, the standard env.py (offline and online), and a linear history
of the operations real teams write: create_table with indexes and foreign keys, add_column
(nullable, with server defaults, volatile defaults), alter_column (types, nullability),
create_index (plain and concurrent in autocommit blocks), unique and check constraints,
op.execute backfills, bulk_insert into lookup tables, renames and drops. Deterministic for a
given seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ALEMBIC_INI = """[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
sqlalchemy.url = postgresql://bench:bench@localhost/bench

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARNING
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = """from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = None


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

HEADER = '''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2025-01-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "{rev}"
down_revision = {down_repr}
branch_labels = None
depends_on = None


def upgrade():
{body}


def downgrade():
    pass
'''


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.tables: dict[str, list[str]] = {}
        self.counter = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def create_table(self) -> list[str]:
        table = self.name(self.random.choice(["orders", "events", "accounts", "items", "notes"]))
        columns = ["id"]
        lines = [
            "    op.create_table(",
            f'        "{table}",',
            '        sa.Column("id", sa.BigInteger(), primary_key=True),',
            '        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),',
            '        sa.Column("name", sa.String(120), nullable=False),',
        ]
        columns += ["created_at", "name"]
        parent = (
            self.random.choice(list(self.tables))
            if self.tables and self.random.random() < 0.6
            else None
        )
        if parent:
            lines.append(
                f'        sa.Column("{parent}_id", sa.BigInteger(), sa.ForeignKey("{parent}.id"), nullable=True),'
            )
            columns.append(f"{parent}_id")
        lines.append("    )")
        if parent:
            lines.append(
                f'    op.create_index("ix_{table}_{parent}_id", "{table}", ["{parent}_id"])'
            )
        self.tables[table] = columns
        return lines

    def existing(self) -> str:
        return self.random.choice(list(self.tables))

    def revision_body(self) -> tuple[str, list[str]]:
        if len(self.tables) < 5 or self.random.random() < 0.15:
            return "create table", self.create_table()
        table = self.existing()
        kind = self.random.choice(
            [
                "add_column",
                "add_column_default",
                "add_index",
                "add_index_concurrently",
                "alter_type",
                "set_not_null",
                "backfill",
                "unique",
                "check",
                "json",
                "drop_column",
                "rename_column",
                "volatile",
                "lookup",
                "fk",
            ]
        )
        column = self.name("col")
        match kind:
            case "add_column":
                self.tables[table].append(column)
                return f"add {column}", [
                    f'    op.add_column("{table}", sa.Column("{column}", sa.Text(), nullable=True))'
                ]
            case "add_column_default":
                self.tables[table].append(column)
                return f"add {column}", [
                    f'    op.add_column("{table}", sa.Column("{column}", sa.Boolean(), server_default=sa.false(), nullable=False))'
                ]
            case "volatile":
                self.tables[table].append(column)
                return f"add {column}", [
                    f'    op.add_column("{table}", sa.Column("{column}", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))'
                ]
            case "add_index":
                return f"index {table}", [
                    f'    op.create_index("ix_{table}_name_{self.counter}", "{table}", ["name"])'
                ]
            case "add_index_concurrently":
                return f"index {table}", [
                    "    with op.get_context().autocommit_block():",
                    f'        op.create_index("ix_{table}_created_{self.counter}", "{table}", ["created_at"], postgresql_concurrently=True)',
                ]
            case "alter_type":
                return f"widen {table}.name", [
                    f'    op.alter_column("{table}", "name", type_=sa.String(200), existing_type=sa.String(120))'
                ]
            case "set_not_null":
                return f"not null {table}", [
                    f'    op.alter_column("{table}", "created_at", nullable=False, existing_type=sa.DateTime(timezone=True))'
                ]
            case "backfill":
                return f"backfill {table}", [
                    f'    op.execute("UPDATE {table} SET name = lower(name) WHERE id < 1000")'
                ]
            case "unique":
                return f"unique {table}", [
                    f'    op.create_unique_constraint("uq_{table}_{self.counter}", "{table}", ["name", "created_at"])'
                ]
            case "check":
                return f"check {table}", [
                    f'    op.create_check_constraint("ck_{table}_{self.counter}", "{table}", "length(name) > 0", postgresql_not_valid=True)'
                ]
            case "json":
                self.tables[table].append(column)
                return f"json {table}", [
                    f'    op.add_column("{table}", sa.Column("{column}", postgresql.JSONB(), nullable=True))'
                ]
            case "drop_column":
                extra = [c for c in self.tables[table] if c.startswith("col_")]
                if not extra:
                    return "noop", [f"    op.execute(\"COMMENT ON TABLE {table} IS 'bench'\")"]
                victim = extra[0]
                self.tables[table].remove(victim)
                return f"drop {victim}", [f'    op.drop_column("{table}", "{victim}")']
            case "rename_column":
                extra = [c for c in self.tables[table] if c.startswith("col_")]
                if not extra:
                    return "noop", [f"    op.execute(\"COMMENT ON TABLE {table} IS 'bench'\")"]
                victim = extra[0]
                self.tables[table][self.tables[table].index(victim)] = victim + "_r"
                return f"rename {victim}", [
                    f'    op.alter_column("{table}", "{victim}", new_column_name="{victim}_r")'
                ]
            case "lookup":
                lookup = self.name("lookup")
                self.tables[lookup] = ["id", "code"]
                return f"lookup {lookup}", [
                    f'    t = op.create_table("{lookup}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("code", sa.String(20), nullable=False))',
                    '    op.bulk_insert(t, [{"id": 1, "code": "a"}, {"id": 2, "code": "b"}, {"id": 3, "code": "c"}])',
                ]
            case _:
                parent = self.existing()
                self.tables[table].append(f"{parent}_ref_{self.counter}")
                col = f"{parent}_ref_{self.counter}"
                return f"fk {table}", [
                    f'    op.add_column("{table}", sa.Column("{col}", sa.BigInteger(), nullable=True))',
                    f'    op.create_foreign_key("fk_{table}_{self.counter}", "{table}", "{parent}", ["{col}"], ["id"], postgresql_not_valid=True)',
                ]


def generate(target: Path, revisions: int, seed: int = 7) -> Path:
    if target.exists():
        shutil.rmtree(target)
    versions = target / "migrations" / "versions"
    versions.mkdir(parents=True)
    (target / "alembic.ini").write_text(ALEMBIC_INI)
    (target / "migrations" / "env.py").write_text(ENV_PY)
    generator = Generator(seed)
    down: str | None = None
    for number in range(revisions):
        rev = f"{number:04d}{generator.random.getrandbits(32):08x}"
        message, body = generator.revision_body()
        source = HEADER.format(
            message=message,
            rev=rev,
            down=down or "",
            down_repr=repr(down),
            body="\n".join(body),
        )
        (versions / f"{rev}_{message.replace(' ', '_').replace('.', '_')}.py").write_text(source)
        down = rev
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.target, args.revisions, args.seed)
    print(f"wrote {args.revisions} revisions to {args.target}")


if __name__ == "__main__":
    main()
