"""Build small Alembic projects in a temporary directory, lint them, and read expectations.

A project is written from strings: ``alembic.ini``, ``migrations/env.py`` and one file per
revision under ``migrations/versions/``. Revision bodies carry their expectations as comments,
the same way ``sample_migrations`` does: ``# expect: rule-id[, rule-id]`` on the line directly
above the ``op.`` call whose line the finding must point at.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from migcheck.config import MigcheckConfig
from migcheck.lint import LintOptions, LintResult, lint
from migcheck.model import Finding, Severity

INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
version_path_separator = os
sqlalchemy.url = postgresql+psycopg://shop:shop@localhost:5432/shop

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

_ENV_TEMPLATE = """\
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool, text

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = None


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,{configure_extra}
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {{}}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:{connect_extra}
        context.configure(
            connection=connection,
            target_metadata=target_metadata,{configure_extra}
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""


def env_py(*, lock_timeout: bool = True, transaction_per_migration: bool = False) -> str:
    """A stock env.py; optionally setting lock_timeout on the connection, and/or
    ``transaction_per_migration=True``."""
    connect_extra = (
        "\n        # Fail fast instead of queueing every query behind a waiting ALTER.\n"
        "        connection.execute(text(\"SET lock_timeout = '3s'\"))"
        if lock_timeout
        else ""
    )
    configure_extra = (
        "\n            transaction_per_migration=True," if transaction_per_migration else ""
    )
    return _ENV_TEMPLATE.format(connect_extra=connect_extra, configure_extra=configure_extra)


# The application's models, with the naming convention Alembic's documentation recommends;
# env.py (ENV_WITH_MODELS) hands their metadata to context.configure() as target_metadata.
MODELS_WITH_NAMING_CONVENTION = """\
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    sa.CheckConstraint: "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=CONVENTION)
"""
ENV_WITH_MODELS = env_py().replace(
    "target_metadata = None", "from shopmodels import Base\n\ntarget_metadata = Base.metadata"
)
# A table whose unique constraint the revision leaves unnamed: the convention names it.
CREATE_TAGS = """
op.create_table(
    "tags",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.UniqueConstraint("name"),
    sa.CheckConstraint("length(name) > 0", name="name_not_empty"),
)
"""


def revision(
    rev_id: str,
    down: str | Sequence[str] | None,
    body: str,
    *,
    message: str = "",
    imports: str = "",
) -> str:
    """The source of a revision file whose ``upgrade()`` runs ``body``."""
    down_literal = repr(tuple(down)) if isinstance(down, list | tuple) else repr(down)
    upgrade = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    extra = textwrap.dedent(imports).strip("\n")
    return (
        f'"""{message or rev_id}\n\nRevision ID: {rev_id}\nRevises: {down or ""}\n"""\n\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n"
        "from sqlalchemy.dialects import postgresql\n" + (extra + "\n" if extra else "") + "\n"
        f"revision = {rev_id!r}\n"
        f"down_revision = {down_literal}\n"
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        f"{upgrade}\n\n\n"
        "def downgrade() -> None:\n"
        "    pass\n"
    )


# The shop's tables, created by the first revision: in any later revision they are existing
# tables (possibly large).
BASE_ID = "0001_base"
BASE_BODY = """
op.create_table(
    "users",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("email", sa.String(120), nullable=False),
    sa.Column("name", sa.String(50), nullable=True),
    sa.Column("legacy_flag", sa.Boolean(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)
op.create_table(
    "coupons",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("code", sa.String(32), nullable=False),
)
op.create_table(
    "orders",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    sa.Column("coupon_id", sa.Integer(), nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="new"),
    sa.Column("note", sa.String(200), nullable=True),
    sa.Column("total_cents", sa.Integer(), nullable=True),
    sa.Column("placed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)
op.create_index("ix_orders_user_id", "orders", ["user_id"])
op.create_index("ix_orders_created_at", "orders", ["created_at"])
op.create_table(
    "payments",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("order_id", sa.Integer(), nullable=False),
    sa.Column("provider", sa.String(30), nullable=False),
    sa.Column("amount_cents", sa.Integer(), nullable=False),
)
op.create_table(
    "invoices",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("number", sa.String(30), nullable=False),
    sa.Column("order_id", sa.Integer(), nullable=False),
)
op.create_index("ix_invoices_order_id", "invoices", ["order_id"])
"""
BASE = revision(BASE_ID, None, BASE_BODY, message="base schema")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def versions(self) -> Path:
        return self.root / "migrations" / "versions"

    def file(self, name: str) -> Path:
        return self.versions / f"{name}.py"


def write_project(
    root: Path,
    revisions: Sequence[str] | dict[str, str],
    *,
    env: str | None = None,
    ini: str = INI,
    with_base: bool = True,
) -> Project:
    """Write an Alembic project under ``root``. ``revisions`` are revision sources (named after
    their ``revision =`` id) or a mapping file stem -> source; the base revision comes first."""
    project = Project(root)
    project.versions.mkdir(parents=True, exist_ok=True)
    (root / "alembic.ini").write_text(ini, encoding="utf-8")
    (root / "migrations" / "env.py").write_text(env or env_py(), encoding="utf-8")
    (root / "migrations" / "script.py.mako").write_text("# template\n", encoding="utf-8")
    items: list[tuple[str, str]] = []
    if with_base:
        items.append((BASE_ID, BASE))
    if isinstance(revisions, dict):
        items.extend(revisions.items())
    else:
        items.extend((_revision_id(source), source) for source in revisions)
    for stem, source in items:
        project.file(stem).write_text(source, encoding="utf-8")
    return project


def write_project_with_models(root: Path, revisions: Sequence[str]) -> Project:
    """A project whose env.py hands Alembic the models' metadata, which has a naming
    convention (MODELS_WITH_NAMING_CONVENTION, in shopmodels.py beside alembic.ini)."""
    project = write_project(root, revisions, env=ENV_WITH_MODELS)
    (root / "shopmodels.py").write_text(MODELS_WITH_NAMING_CONVENTION, encoding="utf-8")
    return project


def _revision_id(source: str) -> str:
    match = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
    if not match:
        raise ValueError("revision source without `revision = '...'`")
    return match.group(1)


def lint_paths(
    paths: Sequence[Path],
    *,
    pg_version: int = 15,
    offline_only: bool = True,
    config: MigcheckConfig | None = None,
    since: str | None = None,
    section: str = "alembic",
    assume_in_transaction: bool = False,
    table_rows: dict[str, int] | None = None,
) -> LintResult:
    """Lint through the API, as the CLI would, without the render cache."""
    return lint(
        LintOptions(
            paths=list(paths),
            config=config if config is not None else MigcheckConfig(pg_version=pg_version),
            since=since,
            section=section,
            assume_in_transaction=assume_in_transaction,
            offline_only=offline_only,
            use_cache=False,
            table_rows=table_rows or {},
        )
    )


Key = tuple[str, int, str]  # (file name, line, rule)


def keys(findings: Iterable[Finding], *, info: bool = False) -> set[Key]:
    """Warning/error findings (or only info ones) as (file name, line, rule)."""
    return {
        (f.file.name if f.file else "?", f.line or 0, f.rule)
        for f in findings
        if (f.severity is Severity.INFO) == info
    }


_EXPECT = re.compile(r"^\s*#\s*expect(?P<info>-info)?:\s*(?P<rules>.+?)\s*$")


def expected(files: Iterable[Path], *, info: bool = False) -> set[Key]:
    """The ``# expect: ...`` markers of Python revision files: each names findings on the line
    right below it (the ``op.`` call)."""
    found: set[Key] = set()
    for file in files:
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.match(text)
            if match and bool(match.group("info")) == info:
                for rule in match.group("rules").split(","):
                    if rule.strip():
                        found.add((file.name, number + 1, rule.strip()))
    return found


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def describe(findings: Iterable[Finding]) -> str:
    """A readable list of findings for assertion messages."""
    return "\n".join(
        f"  {f.file.name if f.file else '?'}:{f.line} {f.severity.value}[{f.rule}] {f.message}"
        for f in findings
    )


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> CliRun:
    """``python -m migcheck ARGS`` in a fresh process: real exit codes and stderr."""
    import os
    import subprocess
    import sys

    # Wide enough that rich never wraps a one-line error message.
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "1000"}
    env.pop("MIGCHECK_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "-m", "migcheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return CliRun(completed.returncode, completed.stdout, completed.stderr)


def processes_using(directory: Path) -> list[int]:
    """Pids of postgres processes whose command line names ``directory`` or whose cwd is in it.

    Both, because only the postmaster keeps ``-D <dir>`` in its command line: its children
    overwrite theirs ("postgres: checkpointer"), but all of them run with cwd = the data dir.
    """
    prefix = str(directory)
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = str((entry / "cwd").readlink())
        except OSError:  # gone meanwhile, a zombie, or not ours to inspect
            continue
        if "postgres" in cmdline and (prefix in cmdline or cwd.startswith(prefix)):
            found.append(int(entry.name))
    return found
