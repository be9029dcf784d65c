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
    max_row_lock_ms: Annotated[float, Field(gt=0)] | None = None
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


def parse_config(section: object, source: str, *, options: bool = False) -> MigcheckConfig:
    """Validate a ``[tool.migcheck]`` table read from ``source``. With ``options``, the values
    come from the command line: an error names the option (``--pg-version``), not the key."""
    try:
        return MigcheckConfig.model_validate(section)
    except ValidationError as exc:
        raise ConfigError(_config_error(exc, source, options=options)) from exc


def _config_error(exc: ValidationError, source: str, *, options: bool) -> str:
    """One line: the key (or option) at fault and what it takes. A value checked against a
    union (``fail-on``: a severity or "never") fails once per member; those are merged."""
    errors = exc.errors()
    first = errors[0]
    # Union members add their type to the location ("fail-on.str-enum[Severity]"): not a key.
    path = [str(part) for part in first["loc"] if not _is_type_tag(str(part))]
    where = ".".join(path) or "tool.migcheck"
    same = [e for e in errors if [str(p) for p in e["loc"] if not _is_type_tag(str(p))] == path]
    expected = [str(e["ctx"]["expected"]) for e in same if e.get("ctx", {}).get("expected")]
    if expected and len(expected) == len(same):
        choices = ", ".join(e.replace(" or ", ", ") for e in expected)
        head, _, last = choices.rpartition(", ")
        message = f"must be {f'{head} or {last}' if head else last} (got {first['input']!r})"
    else:
        message = str(first["msg"]).removeprefix("Value error, ")
    others = len(errors) - len(same)
    more = f" (and {others} more)" if others else ""
    if options:
        option = "--" + where.replace("_", "-")
        return f"{option}: {message}{more}"
    return f"{source}: [tool.migcheck] {where}: {message}{more}"


def _is_type_tag(part: str) -> bool:
    return "[" in part or part in {"str", "int", "float", "bool", "none", "list", "dict"}


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
