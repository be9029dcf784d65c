"""Plans -> Alembic revision files, chained on the current head, named like Alembic names them."""

from __future__ import annotations

import configparser
import datetime as dt
import re
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path

from migcheck.project import AlembicProject
from migcheck.scaffold.plans import RevisionPlan

DEFAULT_TEMPLATE = "%(rev)s_%(slug)s"


@dataclass(frozen=True, slots=True)
class WrittenRevision:
    revision: str
    down_revision: str
    path: Path
    source: str
    plan: RevisionPlan


def new_revision_id() -> str:
    return uuid.uuid4().hex[-12:]


def file_template(project: AlembicProject) -> str:
    if project.ini_file is None:
        return DEFAULT_TEMPLATE
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(project.ini_file, encoding="utf-8")
        value = parser.get("alembic", "file_template", fallback=None)
    except configparser.Error:
        value = None
    return value.replace("%%", "%") if value else DEFAULT_TEMPLATE


def file_name(template: str, revision: str, slug: str, now: dt.datetime) -> str:
    values = {
        "rev": revision,
        "slug": slug[:40],
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
    project: AlembicProject, plans: list[RevisionPlan], head: str, *, dry_run: bool
) -> list[WrittenRevision]:
    folder = project.version_locations[0]
    template = file_template(project)
    now = dt.datetime.now()
    written: list[WrittenRevision] = []
    down = head
    for offset, plan in enumerate(plans):
        revision = new_revision_id()
        stamp = now + dt.timedelta(seconds=offset)
        source = render_revision(plan, revision, down, stamp)
        path = folder / file_name(template, revision, plan.slug, stamp)
        written.append(WrittenRevision(revision, down, path, source, plan))
        down = revision
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
        for item in written:
            item.path.write_text(item.source, encoding="utf-8")
    return written
