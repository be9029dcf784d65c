"""Plans -> Alembic revision files, chained on the current head, named like Alembic names them."""

from __future__ import annotations

import configparser
import datetime as dt
import re
import textwrap
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

from migcheck.project import AlembicProject
from migcheck.scaffold.plans import RevisionPlan

DEFAULT_TEMPLATE = "%(rev)s_%(slug)s"
DEFAULT_SLUG_LENGTH = 40


@dataclass(frozen=True, slots=True)
class WrittenRevision:
    revision: str
    down_revision: str
    path: Path
    source: str
    plan: RevisionPlan


def new_revision_id() -> str:
    return uuid.uuid4().hex[-12:]


@dataclass(frozen=True, slots=True)
class NamingSettings:
    """How ``alembic revision`` names files: ``file_template`` and ``truncate_slug_length``."""

    template: str = DEFAULT_TEMPLATE
    slug_length: int = DEFAULT_SLUG_LENGTH


def naming_settings(project: AlembicProject, section: str = "alembic") -> NamingSettings:
    """From alembic.ini's ``[section]``, else pyproject.toml's ``[tool.alembic]`` (Alembic 1.16+)."""
    values: dict[str, str] = {}
    pyproject = project.root / "pyproject.toml"
    if pyproject.is_file():
        try:
            tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            tool = {}
        alembic = tool.get("alembic", {}) if isinstance(tool, dict) else {}
        for key in ("file_template", "truncate_slug_length"):
            if isinstance(alembic, dict) and alembic.get(key) is not None:
                values[key] = str(alembic[key])
    if project.ini_file is not None:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(project.ini_file, encoding="utf-8")
            for key in ("file_template", "truncate_slug_length"):
                value = parser.get(section, key, fallback=None)
                if value:  # alembic.ini wins over pyproject.toml, as in Alembic
                    values[key] = value.replace("%%", "%")
        except configparser.Error:
            pass
    try:
        slug_length = int(values.get("truncate_slug_length", DEFAULT_SLUG_LENGTH))
    except ValueError:
        slug_length = DEFAULT_SLUG_LENGTH
    return NamingSettings(values.get("file_template") or DEFAULT_TEMPLATE, slug_length)


def file_template(project: AlembicProject, section: str = "alembic") -> str:
    return naming_settings(project, section).template


def file_name(
    template: str,
    revision: str,
    slug: str,
    now: dt.datetime,
    slug_length: int = DEFAULT_SLUG_LENGTH,
) -> str:
    """The file name ``alembic revision`` would give (its slug truncation included)."""
    slug = "_".join(re.findall(r"\w+", slug)).lower()
    if len(slug) > slug_length:
        slug = slug[:slug_length].rsplit("_", 1)[0] + "_"
    values = {
        "rev": revision,
        "slug": slug,
        "epoch": int(now.timestamp()),
        "year": now.year,
        "month": now.month,
        "day": now.day,
        "hour": now.hour,
        "minute": now.minute,
        "second": now.second,
    }
    try:
        return (template % values) + ".py"
    except (KeyError, ValueError, TypeError):
        return (DEFAULT_TEMPLATE % values) + ".py"


def render_revision(plan: RevisionPlan, revision: str, down_revision: str, now: dt.datetime) -> str:
    paragraphs = [textwrap.fill(p, width=96) for p in plan.docstring.split("\n\n")]
    lines = [
        f'"""{plan.message}',
        "",
        *"\n\n".join(paragraphs).splitlines(),
        "",
        f"Revision ID: {revision}",
        f"Revises: {down_revision}",
        f"Create Date: {now.isoformat(sep=' ', timespec='microseconds')}",
        '"""',
        "",
        "from collections.abc import Sequence",
        "",
        "from alembic import op",
        "",
        "# revision identifiers, used by Alembic.",
        f'revision: str = "{revision}"',
        f'down_revision: str | Sequence[str] | None = "{down_revision}"',
        "branch_labels: str | Sequence[str] | None = None",
        "depends_on: str | Sequence[str] | None = None",
        "",
    ]
    for constant in plan.module_constants:
        lines += ["", constant, ""]
    lines += [
        "",
        "def upgrade() -> None:",
        *(plan.upgrade or ["    pass"]),
        "",
        "",
        "def downgrade() -> None:",
        *(plan.downgrade or ["    pass"]),
        "",
    ]
    text = "\n".join(lines)
    return re.sub(r"\n{4,}", "\n\n\n", text)


def write_plans(
    project: AlembicProject,
    plans: list[RevisionPlan],
    head: str,
    *,
    dry_run: bool,
    section: str = "alembic",
) -> list[WrittenRevision]:
    """Chain ``plans`` on ``head``; write them unless ``dry_run`` (then nothing is touched)."""
    folder = project.version_locations[0]
    naming = naming_settings(project, section)
    now = dt.datetime.now()
    written: list[WrittenRevision] = []
    down = head
    for offset, plan in enumerate(plans):
        revision = new_revision_id()
        stamp = now + dt.timedelta(seconds=offset)
        source = render_revision(plan, revision, down, stamp)
        path = folder / file_name(naming.template, revision, plan.slug, stamp, naming.slug_length)
        written.append(WrittenRevision(revision, down, path, source, plan))
        down = revision
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
        for item in written:
            item.path.write_text(item.source, encoding="utf-8")
    return written
