"""``[tool.migcheck]`` in pyproject.toml, validated with pydantic.

The closest ``pyproject.toml`` above the linted path that has a ``[tool.migcheck]`` table wins
(as ruff does). Command-line options override it field by field.

    [tool.migcheck]
    pg-version = 15                 # the oldest PostgreSQL major version you run
    select = ["index-not-concurrent"]   # only these rules (default: all)
    ignore = ["drop-column"]        # never these rules
    fail-on = "warning"             # exit 1 at or above this severity
    lock-timeout-set-by-env = false # env.py / the connection sets lock_timeout
    exclude-revisions = ["1a2b3c4d5e6f", "versions/legacy_*.py"]

    [tool.migcheck.tables]          # estimated rows: small tables downgrade lock hazards to info
    orders = 40_000_000
    countries = 250

    [tool.migcheck.rehearse]
    default-rows = 1_000_000        # rows seeded into every existing table
    max-lock-ms = 2000              # budgets: exceeded -> exit 1

    [tool.migcheck.rehearse.rows]   # rows per table, overriding default-rows
    countries = 250
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from migcheck.errors import ConfigError
from migcheck.model import Severity

# Below this many rows a lock hazard is reported as info: the lock is held for milliseconds.
SMALL_TABLE_ROWS = 10_000

SUPPORTED_PG_VERSIONS = range(9, 20)
DEFAULT_PG_VERSION = 15  # the oldest major version still supported upstream (2026)


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(
        alias_generator=_kebab, populate_by_name=True, extra="forbid", frozen=True
    )


class RehearseConfig(_Section):
    """``[tool.migcheck.rehearse]``: defaults for ``migcheck rehearse``."""

    backend: Literal["auto", "docker", "embedded", "url"] = "auto"
    image: str = "postgres:17"
    default_rows: Annotated[int, Field(ge=0)] = 1_000_000
    rows: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    max_lock_ms: Annotated[float, Field(gt=0)] | None = None
    max_blocked_ms: Annotated[float, Field(gt=0)] | None = None
    max_statement_ms: Annotated[float, Field(gt=0)] | None = None
    max_duration: Annotated[float, Field(gt=0)] | None = None  # seconds, the upgrades in all
    probe_interval_ms: Annotated[float, Field(gt=0)] = 5.0


class MigcheckConfig(_Section):
    """``[tool.migcheck]``."""

    pg_version: int = DEFAULT_PG_VERSION
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    fail_on: Severity | Literal["never"] = Severity.WARNING
    lock_timeout_set_by_env: bool = False
    exclude_revisions: list[str] = Field(default_factory=list)
    offline_only: bool = False
    tables: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    rehearse: RehearseConfig = Field(default_factory=RehearseConfig)

    @field_validator("pg_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value not in SUPPORTED_PG_VERSIONS:
            raise ValueError(f"PostgreSQL {value} is not a version migcheck knows (9 to 19)")
        return value

    def table_rows(self, table: str) -> int | None:
        """Estimated rows of ``table`` (schema-qualified or not), if configured."""
        if table in self.tables:
            return self.tables[table]
        bare = table.rsplit(".", 1)[-1]
        return self.tables.get(bare)


def find_pyproject(start: Path) -> Path | None:
    """The closest pyproject.toml at or above ``start`` holding a ``[tool.migcheck]`` table."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{candidate}: cannot read: {exc}") from exc
            if "migcheck" in data.get("tool", {}):
                return candidate
    return None


def load_config(start: Path, explicit: Path | None = None) -> tuple[MigcheckConfig, Path | None]:
    """Read the configuration that applies to ``start`` (or the ``explicit`` file)."""
    path = explicit if explicit is not None else find_pyproject(start)
    if path is None:
        return MigcheckConfig(), None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such configuration file") from exc
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    section = data.get("tool", {}).get("migcheck", {})
    return parse_config(section, source=str(path)), path


def parse_config(section: object, source: str) -> MigcheckConfig:
    try:
        return MigcheckConfig.model_validate(section)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "tool.migcheck"
        raise ConfigError(
            f"{source}: [tool.migcheck] {where}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")
        ) from exc


def load_table_sizes(path: Path) -> dict[str, int]:
    """``--table-sizes FILE``: ``table rows`` per line, or ``table,rows`` (CSV), or TOML/JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"--table-sizes {path}: {exc.strerror or exc}") from exc
    sizes: dict[str, int] = {}
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"--table-sizes {path}: {exc}") from exc
        data = data.get("tables", data)
    elif path.suffix == ".json":
        import json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"--table-sizes {path}: {exc}") from exc
    else:
        data = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.replace(",", " ").replace("\t", " ").split()
            if len(parts) != 2:
                raise ConfigError(f"--table-sizes {path}:{number}: expected 'table rows'")
            data[parts[0]] = parts[1].replace("_", "")
    if not isinstance(data, dict):
        raise ConfigError(f"--table-sizes {path}: expected a mapping of table to rows")
    for table, rows in data.items():
        try:
            sizes[str(table)] = int(rows)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"--table-sizes {path}: rows of {table!r} is not a number") from exc
    return sizes
