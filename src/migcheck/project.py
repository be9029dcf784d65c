"""Find the Alembic project and read its history from source, without importing anything.

``alembic heads`` imports every revision to build the graph, so one revision that imports the
application breaks the whole history. Here each file's syntax tree gives ``revision``,
``down_revision``, ``branch_labels`` and ``depends_on``; heads, merges, cycles and missing
parents come from that graph. Rendering (which does import revisions) happens later, one
revision at a time (see :mod:`migcheck.render`).
"""

from __future__ import annotations

import ast
import configparser
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from migcheck.errors import ProjectError
from migcheck.model import Revision
from migcheck.naming import NamingConvention, read_naming_convention

INI_NAME = "alembic.ini"


@dataclass(frozen=True, slots=True)
class EnvSettings:
    """What env.py does that changes how revisions run (read from its source, never executed)."""

    transaction_per_migration: bool = False
    sets_lock_timeout: bool = False
    sets_statement_timeout: bool = False
    # The driver a ``postgresql+DRIVER://`` URL in env.py names ("psycopg", "psycopg2", ...;
    # None: none named). What follows a revision's own COMMIT depends on it: see
    # project_driver().
    url_driver: str | None = None
    # env.py never calls context.configure(): it hands the run to application code (dagster's
    # env.py calls dagster's run_migrations_online), which may use an AUTOCOMMIT connection.
    # Whether revisions run in a transaction is then not known from here.
    delegates: bool = False
    # Its target_metadata's naming convention: Alembic names unnamed constraints with it
    # (see migcheck.naming).
    naming_convention: NamingConvention = ()


@dataclass(frozen=True, slots=True)
class HistoryProblem:
    """A defect of the revision graph itself, or a file that is not a readable revision."""

    # "syntax-error" | "not-a-revision" | "duplicate" | "missing-parent" | "cycle" |
    # "external-parent" (a parent outside a bare folder of revisions, see _bare_folder)
    kind: str
    message: str
    file: Path | None = None
    line: int | None = None
    revision: str | None = None


@dataclass(slots=True)
class History:
    """The revision graph of one project, in the order ``alembic upgrade`` applies it."""

    revisions: dict[str, Revision] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)
    problems: list[HistoryProblem] = field(default_factory=list)

    def by_file(self) -> dict[Path, Revision]:
        return {rev.file.resolve(): rev for rev in self.revisions.values()}

    def ancestors(self, rev_id: str, *, depends_on: bool = True) -> set[str]:
        """Every revision ``rev_id`` depends on (transitively), excluding itself; without
        ``depends_on``, by down_revision only."""
        seen: set[str] = set()
        stack = list(self._parents(rev_id, depends_on))
        while stack:
            current = stack.pop()
            if current in seen or current not in self.revisions:
                continue
            seen.add(current)
            stack.extend(self._parents(current, depends_on))
        return seen

    def _parents(self, rev_id: str, depends_on: bool = True) -> tuple[str, ...]:
        rev = self.revisions.get(rev_id)
        if rev is None:
            return ()
        if not depends_on:
            return rev.down_revisions
        return rev.down_revisions + tuple(d for d in rev.depends_on if d in self.revisions)

    def resolve(self, ref: str) -> str | None:
        """A revision id from a full id, a unique prefix, ``head`` or a branch label."""
        if ref in self.revisions:
            return ref
        if ref == "head" and len(self.heads) == 1:
            return self.heads[0]
        if ref.endswith("@head"):
            label = ref.removesuffix("@head")
            for head in self.heads:
                if label in self.revisions[head].branch_labels:
                    return head
        labelled = [r.id for r in self.revisions.values() if ref in r.branch_labels]
        if len(labelled) == 1:
            return labelled[0]
        matches = [rid for rid in self.revisions if rid.startswith(ref)]
        return matches[0] if len(matches) == 1 else None

    def resolve_all(self, refs: str) -> list[str]:
        """The revisions a database is at, from ``refs``: one or several, comma-separated (a
        history with more than one head there), each as :meth:`resolve` takes it. One that
        another includes is left out, as ``alembic_version`` would. Raises KeyError with the
        first reference that names no revision."""
        found: list[str] = []
        for ref in (part.strip() for part in refs.split(",")):
            revision = self.resolve(ref) if ref else None
            if revision is None:
                raise KeyError(ref or refs)
            found.append(revision)
        included = set().union(*(self.ancestors(rid) for rid in found))
        return [rid for rid in dict.fromkeys(found) if rid not in included]

    def labelled_branches(self) -> bool:
        """Whether every head ends a branch that was given a label (``branch_labels``) where it
        forks: heads on purpose, as neutron's expand and contract, applied with `alembic
        upgrade heads`, not two revisions written on the same parent by accident."""
        # By down_revision only: depends_on ties branches together without merging them.
        lines = {head: {head} | self.ancestors(head, depends_on=False) for head in self.heads}
        shared = set.intersection(*lines.values()) if lines else set()
        return bool(lines) and all(
            any(self.revisions[rid].branch_labels for rid in line - shared)
            for line in lines.values()
        )

    def applied_at(self, heads: Iterable[str]) -> set[str]:
        """Every revision applied on a database at ``heads``: them and their ancestors."""
        return set().union(*({rid} | self.ancestors(rid) for rid in heads))


@dataclass(slots=True)
class AlembicProject:
    """An Alembic project: where its revisions live and how it imports its own code."""

    root: Path
    ini_file: Path | None
    script_location: Path
    version_locations: list[Path]
    sys_paths: list[Path]
    env: EnvSettings
    history: History
    # recursive_version_locations: revisions in folders inside the version locations too.
    # Alembic's default is no; an alembic.ini or [tool.alembic] says yes. Without either (a
    # migrations directory alone) migcheck looks inside the folders anyway.
    recursive: bool = True
    # Folders inside the version locations left out of the history (see _build).
    skipped: tuple[Path, ...] = ()

    @property
    def env_py(self) -> Path:
        return self.script_location / "env.py"

    def revision_files(self) -> list[Path]:
        # A location inside another one (versions/ and versions/data/) must not list its files
        # twice when folders are searched recursively.
        files: dict[Path, None] = {}
        for folder in self.version_locations:
            if folder.is_dir():
                found = folder.rglob("*.py") if self.recursive else folder.glob("*.py")
                for path in sorted(p for p in found if _is_revision_candidate(p)):
                    if not any(_is_within(path, skipped) for skipped in self.skipped):
                        files.setdefault(path.resolve(), None)
        return list(files)


def _is_revision_candidate(path: Path) -> bool:
    return path.name != "__init__.py" and "__pycache__" not in path.parts


# --------------------------------------------------------------------------- discovery


def find_project(path: Path, section: str = "alembic") -> AlembicProject:
    """The Alembic project at ``path``: an alembic.ini, a directory holding one, a migrations
    directory (env.py + versions/), or a pyproject.toml with ``[tool.alembic]``."""
    path = path.resolve()
    if path.is_file() and path.suffix == ".ini":
        return _from_ini(path, section)
    if path.is_file() and path.name == "pyproject.toml":
        project = _from_pyproject(path)
        if project is None:
            raise ProjectError(f"{path}: no [tool.alembic] table with a script_location")
        return project
    if path.is_dir():
        if (path / INI_NAME).is_file():
            return _from_ini(path / INI_NAME, section)
        if (path / "env.py").is_file() or (path / "versions").is_dir():
            return _ini_naming(path, section) or _from_script_location(
                path, ini_file=None, root=path.parent
            )
        if (path / "pyproject.toml").is_file():
            project = _from_pyproject(path / "pyproject.toml")
            if project is not None:
                return project
        below = migrations_below(path)
        if len(below) == 1:
            return find_project(below[0], section)
        if len(below) > 1:
            names = ", ".join(str(folder.relative_to(path)) for folder in below)
            raise ProjectError(f"{path}: several Alembic projects below ({names}): pass one")
        project = _project_of_version_subfolder(path) or _bare_folder(path)
        if project is not None:
            return project
        raise ProjectError(
            f"{path}: no alembic.ini, env.py or versions/ here (pass the project directory, "
            "its alembic.ini, or revision files)"
        )
    raise ProjectError(f"{path}: no such file or directory")


# Folders no project keeps its migrations in, and that are slow to walk.
_NOT_SEARCHED = {"node_modules", "site-packages", "__pycache__", "venv", "env", "build", "dist"}


def migrations_below(folder: Path, depth: int = 2) -> list[Path]:
    """Folders up to ``depth`` levels below ``folder`` holding an alembic.ini or a migrations
    directory (env.py and versions/): a repository whose Flask-Migrate ``migrations/`` (its
    alembic.ini inside) sits beside the application, linted from the repository's root."""
    found: list[Path] = []
    try:
        children = sorted(
            child
            for child in folder.iterdir()
            if child.is_dir() and not child.name.startswith(".") and child.name not in _NOT_SEARCHED
        )
    except OSError:
        return []
    for child in children:
        if (child / INI_NAME).is_file() or (
            (child / "env.py").is_file() and (child / "versions").is_dir()
        ):
            found.append(child)
        elif depth > 1:
            found.extend(migrations_below(child, depth - 1))
    return found


def _ini_naming(script_location: Path, section: str) -> AlembicProject | None:
    """The project of an alembic.ini above ``script_location`` that names it: its settings
    (version_locations, prepend_sys_path) apply. Galaxy keeps its revisions in
    ``versions_gxy`` and ``versions_tsi``, named only by the ini one level up; without it the
    folder held no revisions at all."""
    for directory in list(script_location.parents)[:2]:
        ini = directory / INI_NAME
        if not ini.is_file():
            continue
        with contextlib.suppress(ProjectError):
            project = _from_ini(ini, section)
            if project.script_location.resolve() == script_location:
                return project
    return None


def _project_of_version_subfolder(folder: Path) -> AlembicProject | None:
    """The project of a folder inside its versions. Where the versions hold parallel
    histories, one per folder (prefect keeps ``versions/postgresql`` and ``versions/sqlite``
    with the same revision ids, and picks one in code), only this folder's revisions; else
    (``versions/2024``, part of one history) the whole project."""
    first = next((p for p in sorted(folder.rglob("*.py")) if _is_revision_candidate(p)), None)
    if first is None:
        return None
    project = _find_project_of_file(first)
    if project is None or not _has_duplicates(project):
        return project
    inside = [loc for loc in project.version_locations if _is_within(folder, loc)]
    if not inside or any(loc.resolve() == folder.resolve() for loc in inside):
        return project
    return _one_history(project, folder) or project


def _has_duplicates(project: AlembicProject) -> bool:
    return any(problem.kind == "duplicate" for problem in project.history.problems)


def _one_history(project: AlembicProject, folder: Path) -> AlembicProject | None:
    """``project`` with only the revisions in ``folder``, if they form a history of their own
    (no duplicate ids left); else None."""
    narrowed = replace(project, version_locations=[folder.resolve()])
    narrowed.history = read_history(narrowed.revision_files())
    return None if _has_duplicates(narrowed) else narrowed


def find_project_of_file(revision_file: Path) -> AlembicProject | None:
    """The project a revision file belongs to, found by walking up from it. When its versions
    hold parallel histories, one per folder (the same revision ids in ``versions/postgresql``
    and ``versions/sqlite``), only the folder of this file."""
    project = _find_project_of_file(revision_file)
    if project is None or not _has_duplicates(project):
        return project
    for location in project.version_locations:
        if not _is_within(revision_file, location):
            continue
        parts = revision_file.resolve().relative_to(location.resolve()).parts
        narrowed = _one_history(project, location / parts[0]) if len(parts) > 1 else None
        if narrowed is not None:
            return narrowed
    return project


def _find_project_of_file(revision_file: Path) -> AlembicProject | None:
    project = _find_project_around(revision_file)
    # A file in a folder inside the versions, which the settings do not search: the user names
    # it, so it is meant to be part of the history (its folder is chosen in code).
    if (
        project is not None
        and (not project.recursive or project.skipped)
        and revision_file.resolve() not in project.revision_files()
    ):
        project.recursive, project.skipped = True, ()
        project.history = read_history(project.revision_files())
    return project


def _find_project_around(revision_file: Path) -> AlembicProject | None:
    here = revision_file.resolve().parent
    for folder in (here, *here.parents):
        ini = folder / INI_NAME
        if ini.is_file():
            try:
                project = _from_ini(ini, "alembic")
            except ProjectError:
                continue
            if any(_is_within(revision_file, loc) for loc in project.version_locations):
                return project
        bare_dir = (folder / "env.py").is_file() and (folder / "versions").is_dir()
        if bare_dir and _is_within(revision_file, folder):
            # A migrations directory: look one level further for an alembic.ini naming it.
            return _ini_naming(folder.resolve(), "alembic") or _from_script_location(
                folder, ini_file=None, root=folder.parent
            )
        if folder.parent == folder:
            break
    # No env.py anywhere above: a migrations directory copied without it still has versions/.
    versions = revision_file.resolve().parent
    if versions.name == "versions":
        return _from_script_location(versions.parent, ini_file=None, root=versions.parent.parent)
    return _bare_folder(versions)


def _bare_folder(folder: Path) -> AlembicProject | None:
    """A folder of revision files with no env.py, versions/ or alembic.ini around it: the
    revisions of a package whose env.py is another package's (Invenio's modules keep theirs in
    ``<package>/alembic/``, run by invenio-db). Linted as a history of its own; a
    ``down_revision`` outside the folder is noted (``external-parent``), not an error, since the
    history it continues is not here. None when the folder holds no revision."""
    files = sorted(p for p in folder.glob("*.py") if _is_revision_candidate(p))
    history = read_history(files)
    if not history.revisions:
        return None
    history.problems = [
        replace(
            problem,
            kind="external-parent",
            message=problem.message.replace("is not a revision of this project", "is not here")
            + " (no env.py: the folder is linted as a history of its own, without the schema "
            "its parents made)",
        )
        if problem.kind == "missing-parent"
        else problem
        for problem in history.problems
    ]
    root = folder.parent
    while (root / "__init__.py").is_file():  # the import root of the package holding it
        root = root.parent
    return AlembicProject(
        root=root,
        ini_file=None,
        script_location=folder,
        version_locations=[folder],
        sys_paths=[],
        env=EnvSettings(),
        history=history,
        recursive=False,
    )


def _is_migrations_dir(folder: Path) -> bool:
    return (folder / "env.py").is_file() or (folder / "versions").is_dir()


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _from_script_location(
    location: Path, ini_file: Path | None, root: Path, *, recursive: bool = True
) -> AlembicProject:
    """A migrations directory without an alembic.ini naming it: versions/ inside it, its parent
    importable. ``recursive``: see :attr:`AlembicProject.recursive`."""
    return _build(
        root=root.resolve(),
        ini_file=ini_file,
        script_location=location.resolve(),
        version_locations=None,
        separator=None,
        prepend_sys_path=str(root.resolve()),
        recursive=recursive,
    )


def _yes(value: object) -> bool:
    """An Alembic boolean option: ``true``, ``1``, ``yes``, ``on`` (or a TOML true)."""
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on")


def _from_ini(ini: Path, section: str) -> AlembicProject:
    here = ini.parent.resolve()
    parser = configparser.ConfigParser(defaults={"here": str(here)}, interpolation=None)
    try:
        with ini.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, configparser.Error, UnicodeDecodeError) as exc:
        # configparser's messages run over several lines (the file, the line, its text).
        reason = " ".join(str(exc).split())
        raise ProjectError(f"{ini}: cannot read: {reason}") from exc
    if not parser.has_section(section):
        # Alembic 1.16+ may keep the settings in pyproject.toml beside a logging-only ini.
        project = (
            _from_pyproject(here / "pyproject.toml")
            if (here / "pyproject.toml").is_file()
            else None
        )
        if project is not None:
            return project
        if section == "alembic" and _is_migrations_dir(here):
            # A logging-only alembic.ini inside a migrations directory (Flask-Migrate style).
            return _from_script_location(
                here, ini_file=ini.resolve(), root=here.parent, recursive=False
            )
        sections = ", ".join(parser.sections()) or "none"
        raise ProjectError(f"{ini}: no [{section}] section (sections: {sections}); use -n NAME")

    def get(option: str) -> str | None:
        if not parser.has_option(section, option):
            return None
        raw = parser.get(section, option, raw=True)
        return raw.replace("%(here)s", str(here)).replace("%%", "%")

    location = get("script_location")
    if not location and (here / "pyproject.toml").is_file():
        # `alembic init -t pyproject` (Alembic 1.16+): the ini keeps only the database URL and
        # logging; the script location and the rest live in [tool.alembic].
        project = _from_pyproject(here / "pyproject.toml")
        if project is not None:
            project.ini_file = ini.resolve()
            return project
    if not location:
        if _is_migrations_dir(here):
            # Flask-Migrate keeps alembic.ini inside the migrations directory and sets the
            # script location in code: the directory holding the ini is the script location,
            # and the application lives one level up (where `flask db` runs).
            return _from_script_location(
                here,
                ini_file=ini.resolve(),
                root=here.parent,
                recursive=_yes(get("recursive_version_locations")),
            )
        raise ProjectError(f"{ini}: [{section}] has no script_location")
    pyproject = here / "pyproject.toml"
    settings = {
        "version_locations": get("version_locations"),
        "version_path_separator": get("path_separator") or get("version_path_separator"),
        "prepend_sys_path": get("prepend_sys_path"),
    }
    recursive = get("recursive_version_locations")
    if pyproject.is_file():
        # Alembic reads both; values in alembic.ini win.
        tool = _read_tool_alembic(pyproject)
        for key in ("version_locations", "prepend_sys_path"):
            if settings[key] is None and tool.get(key):
                value = tool[key]
                settings[key] = os.pathsep.join(value) if isinstance(value, list) else str(value)
                settings["version_path_separator"] = "os"
        if recursive is None:
            recursive = tool.get("recursive_version_locations")
    return _build(
        root=here,
        ini_file=ini.resolve(),
        script_location=_resolve_location(location, here),
        version_locations=settings["version_locations"],
        separator=settings["version_path_separator"],
        prepend_sys_path=settings["prepend_sys_path"],
        recursive=_yes(recursive),
    )


def _read_tool_alembic(pyproject: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    tool = data.get("tool", {}).get("alembic", {})
    return tool if isinstance(tool, dict) else {}


def _from_pyproject(pyproject: Path) -> AlembicProject | None:
    tool = _read_tool_alembic(pyproject)
    location = tool.get("script_location")
    if not isinstance(location, str):
        return None
    here = pyproject.parent.resolve()
    versions = tool.get("version_locations")
    prepend = tool.get("prepend_sys_path")
    return _build(
        root=here,
        ini_file=None,
        script_location=_resolve_location(location.replace("%(here)s", str(here)), here),
        version_locations=os.pathsep.join(str(v) for v in versions)
        if isinstance(versions, list)
        else None,
        separator="os",
        prepend_sys_path=os.pathsep.join(str(p) for p in prepend)
        if isinstance(prepend, list)
        else None,
        recursive=_yes(tool.get("recursive_version_locations")),
    )


def _resolve_location(location: str, here: Path) -> Path:
    """``script_location`` is a path (relative to the current directory, which for Alembic is
    normally where alembic.ini lives) or ``package:resource``."""
    if (
        ":" in location
        and not re.match(r"^[A-Za-z]:[\\/]", location)
        and not Path(location).exists()
    ):
        # Alembic: the first part names a package, every later one a folder inside it
        # ("myapp:migrations"; prefect: "prefect:server:database:_migrations").
        package, *resource = location.split(":")
        parts = [*package.split("."), *resource]
        for base in (here, Path.cwd(), *here.parents, *_installed(package)):
            candidate = base.joinpath(*parts)
            if candidate.is_dir():
                return candidate.resolve()
        return here.joinpath(*parts)
    path = Path(location)
    if path.is_absolute():
        return path.resolve()
    # Alembic reads a relative path from the directory it runs in, which is usually where
    # alembic.ini is; some projects run it from their root with the ini further down
    # (mlflow: mlflow/store/db_migrations/alembic.ini says "mlflow/store/db_migrations").
    for base in (here, Path.cwd(), *here.parents):
        if (base / path / "env.py").is_file():
            return (base / path).resolve()
    return (here / path).resolve()


def _installed(package: str) -> list[Path]:
    """The folder that holds an installed ``package`` (found without importing it), if any."""
    top = package.split(".", maxsplit=1)[0]
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(location).parent for location in spec.submodule_search_locations]


def _split_paths(value: str | None, separator: str | None, here: Path) -> list[Path]:
    if not value:
        return []
    match separator:
        case "os":
            parts = value.split(os.pathsep)
        case ";" | ":" | ",":
            parts = value.split(separator)
        case "space":
            parts = value.split()
        case "newline":
            parts = value.splitlines()
        case _:
            # Alembic's legacy default splits on spaces and commas.
            parts = re.split(r"[ ,]+", value)
    paths = []
    for part in (p.strip() for p in parts):
        if part:
            path = Path(part)
            paths.append((path if path.is_absolute() else here / path).resolve())
    return paths


def _build(
    *,
    root: Path,
    ini_file: Path | None,
    script_location: Path,
    version_locations: str | None,
    separator: str | None,
    prepend_sys_path: str | None,
    recursive: bool,
) -> AlembicProject:
    if not script_location.is_dir():
        where = ini_file or root
        raise ProjectError(f"{where}: script_location {script_location} is not a directory")
    locations = _split_paths(version_locations, separator, root) or [script_location / "versions"]
    sys_paths = _split_paths(prepend_sys_path, separator, root)
    project = AlembicProject(
        root=root,
        ini_file=ini_file,
        script_location=script_location,
        version_locations=locations,
        sys_paths=sys_paths,
        env=read_env_settings(script_location / "env.py", [*sys_paths, root]),
        history=History(),
        recursive=recursive,
    )
    if recursive:
        project.history = read_history(project.revision_files())
        return project
    # Alembic reads the folders inside the versions only with recursive_version_locations, but
    # a project may name them in code (neutron-db-manage adds versions/2024.1/expand, ...;
    # prefect picks versions/postgresql or versions/sqlite). So they are read when the
    # settings find no revision at all, and otherwise each folder whose revisions continue the
    # history: one with a root of its own (zou's pre-squash versions/legacy) would give a
    # second head that `alembic upgrade head` never sees.
    top = project.revision_files()
    project.recursive = True
    everything = project.revision_files()
    if top and len(everything) > len(top):
        project.skipped = _folders_of_other_histories(top, everything, project.version_locations)
    project.history = read_history(project.revision_files())
    return project


def _folders_of_other_histories(
    top: list[Path], everything: list[Path], locations: Sequence[Path]
) -> tuple[Path, ...]:
    """The folders inside the version locations whose revisions do not all have parents among
    ``top`` and the folders kept (one that makes a root of its own is left out)."""
    at_top = set(top)
    revisions = {}
    for revision in read_history(everything).revisions.values():
        revisions[revision.file.resolve()] = revision
    folders: dict[Path, list[Path]] = {}
    for path in everything:
        if path in at_top:
            continue
        location = next(loc.resolve() for loc in locations if _is_within(path, loc))
        folders.setdefault(location / path.relative_to(location).parts[0], []).append(path)
    kept_ids = {revisions[path].id for path in top if path in revisions}
    progress = True
    while progress:  # a folder may continue another one's revisions
        progress = False
        for folder, paths in list(folders.items()):
            inside = [revisions[path] for path in paths if path in revisions]
            ids = {revision.id for revision in inside}
            if all(
                revision.down_revisions
                and all(parent in kept_ids | ids for parent in revision.down_revisions)
                for revision in inside
            ):
                kept_ids |= ids
                del folders[folder]
                progress = True
    return tuple(folders)


# --------------------------------------------------------------------------- env.py


_TPM = re.compile(r"transaction_per_migration\s*=\s*True")
_CONFIGURE = re.compile(r"\bconfigure\s*\(")
_LOCK_TIMEOUT = re.compile(r"lock_timeout", re.IGNORECASE)
_STATEMENT_TIMEOUT = re.compile(r"statement_timeout", re.IGNORECASE)
_URL_DRIVER = re.compile(r"\bpostgres(?:ql)?\+(\w+)")
# Requirement names: psycopg2 (and -binary, psycopg2cffi); psycopg (3: also psycopg[binary],
# psycopg-binary, psycopg-c), never followed by a 2.
_PSYCOPG2_REQUIREMENT = re.compile(r"(?<![\w.-])psycopg2(?:-binary|cffi)?(?![\w-])", re.I)
_PSYCOPG3_REQUIREMENT = re.compile(r"(?<![\w.-])psycopg(?:-binary|-c)?(?![\w-])", re.I)
_REQUIREMENT_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "requirements.txt")


def ini_text(project: AlembicProject) -> str:
    """alembic.ini without its comment lines ("" without one)."""
    if project.ini_file is None:
        return ""
    try:
        text = project.ini_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", ";")))


def driver_begins_after_commit(project: AlembicProject, ini: str | None = None) -> bool:
    """Does the project's driver begin a new transaction after a COMMIT a revision sends itself?

    Checked on PostgreSQL 18: psycopg 3 does (it reads the server's transaction status);
    psycopg2 does not (it tracks its own, and sends no BEGIN until Alembic's own COMMIT), nor
    does SQLAlchemy's asyncpg adapter. ``ini``: alembic.ini's text, when read already.
    """
    return project_driver(project, ini)[0] == "psycopg"


def project_driver(project: AlembicProject, ini: str | None = None) -> tuple[str, str]:
    """The project's PostgreSQL driver and how that is known: the ``postgresql+DRIVER://`` URL
    in env.py or alembic.ini; else the one driver its requirements name (pyproject.toml,
    requirements.txt, ... in its folder or above, up to the repository's root); else the
    default of the SQLAlchemy installed here, which runs its revisions (psycopg 3 since
    SQLAlchemy 2.1, psycopg2 before)."""
    named = project.env.url_driver or _url_driver(ini_text(project) if ini is None else ini)
    if named is not None:
        return named, "named by its database URL"
    required = _required_driver(project.root)
    if required is not None:
        return required, "the one driver its requirements name"
    # From its metadata: importing SQLAlchemy would slow down a lint that renders nothing.
    installed = importlib.metadata.version("sqlalchemy")
    version = tuple(int(part) for part in re.findall(r"\d+", installed)[:2])
    driver = "psycopg" if version >= (2, 1) else "psycopg2"
    return driver, f"the default of SQLAlchemy {installed}"


def _url_driver(text: str) -> str | None:
    match = _URL_DRIVER.search(text)
    if match is None:
        return None
    driver = match.group(1).lower()
    if driver.startswith("psycopg2"):
        return "psycopg2"
    return "psycopg" if driver.startswith("psycopg") else driver


def _required_driver(start: Path) -> str | None:
    for directory in [start, *start.parents]:
        texts: list[str] = []
        for path in [
            *(directory / name for name in _REQUIREMENT_FILES),
            *sorted(directory.glob("requirements*.txt")),
            *sorted(directory.glob("requirements/*.txt")),
        ]:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                texts.append(path.read_text(encoding="utf-8"))
        text = "\n".join(texts)
        found = {
            driver
            for driver, pattern in (
                ("psycopg2", _PSYCOPG2_REQUIREMENT),
                ("psycopg", _PSYCOPG3_REQUIREMENT),
            )
            if pattern.search(text)
        }
        if len(found) == 1:
            return found.pop()
        if found or (directory / ".git").exists():
            return None  # both named (which one runs is not written down), or the repo's root
    return None


def read_env_settings(env_py: Path, roots: Sequence[Path] = ()) -> EnvSettings:
    """Read env.py's source for settings that change how revisions run (``roots``: where the
    project's modules are imported from, for the naming convention)."""
    try:
        source = env_py.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return EnvSettings()
    code = "\n".join(line.split("#", 1)[0] for line in source.splitlines())
    return EnvSettings(
        transaction_per_migration=bool(_TPM.search(code)),
        sets_lock_timeout=bool(_LOCK_TIMEOUT.search(code)),
        sets_statement_timeout=bool(_STATEMENT_TIMEOUT.search(code)),
        url_driver=_url_driver(code),
        delegates=_CONFIGURE.search(code) is None,
        naming_convention=read_naming_convention(env_py, roots),
    )


# --------------------------------------------------------------------------- history


def read_revision_header(path: Path) -> Revision | HistoryProblem:
    """Read a revision's identity from its syntax tree."""
    try:
        source = path.read_bytes()
    except OSError as exc:
        return HistoryProblem("unreadable", f"cannot read: {exc.strerror or exc}", file=path)
    digest = hashlib.sha256(source).hexdigest()
    fast = _header_by_lines(source, path, digest)
    if fast is not None:
        return fast
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        return HistoryProblem(
            "syntax-error",
            f"syntax error: {exc.msg}",
            file=path,
            line=exc.lineno,
        )
    except ValueError as exc:  # null bytes
        return HistoryProblem("syntax-error", f"cannot parse: {exc}", file=path)
    values: dict[str, object] = {}
    down_revision_line = 1
    for node in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if (
            isinstance(target, ast.Name)
            and value is not None
            and target.id in ("revision", "down_revision", "branch_labels", "depends_on")
        ):
            if target.id == "down_revision":
                down_revision_line = node.lineno
            try:
                values[target.id] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                if target.id in ("branch_labels", "depends_on"):
                    # neutron: branch_labels = (cli.EXPAND_BRANCH,), a constant of its own
                    # package. Labels name branches; they do not shape the graph: the revision
                    # stays a revision, with what can be read of them.
                    values[target.id] = _strings_read_statically(
                        value, tree, keep_unknown=target.id == "branch_labels"
                    )
                else:
                    values[target.id] = _Unreadable(ast.unparse(value))
    revision = values.get("revision")
    if not isinstance(revision, str) or not revision:
        if "revision" in values:
            return HistoryProblem("not-a-revision", "`revision` is not a string literal", file=path)
        return HistoryProblem("not-a-revision", "no `revision = ...` assignment", file=path)
    if "down_revision" not in values:
        return HistoryProblem(
            "not-a-revision", "no `down_revision = ...` assignment", file=path, revision=revision
        )
    for name in ("down_revision", "branch_labels", "depends_on"):
        if isinstance(values.get(name), _Unreadable):
            return HistoryProblem(
                "not-a-revision",
                f"`{name}` is not a literal ({values[name]})",
                file=path,
                revision=revision,
            )
    docstring = (ast.get_docstring(tree) or "").strip()
    message = docstring.splitlines()[0] if docstring else ""
    return _revision(revision, path, values, message, down_revision_line, digest)


_HEADER_LINE = re.compile(
    rb"^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$",
    re.MULTILINE,
)
_SIMPLE_VALUE = re.compile(
    rb"""^(None|(['"])[\w.@-]*\2|\((\s*(['"])[\w.@-]*\4\s*,)+\s*(['"][\w.@-]*['"])?\s*\))$"""
)
_DOCSTRING = re.compile(rb'^\s*[rRuU]?(?:"""|\'\'\')\s*(.*)$', re.MULTILINE)


def _header_by_lines(source: bytes, path: Path, digest: str) -> Revision | None:
    """The header of a revision written the way Alembic writes it (one simple literal per
    line), without building a syntax tree; None sends the file to the full parser.

    Reading 500 headers by syntax tree costs a tenth of a second on every lint run; this is the
    common case made cheap, and anything unusual still gets the exact treatment."""
    values: dict[str, object] = {}
    down_revision_line = 1
    for match in _HEADER_LINE.finditer(source):
        name, raw = match.group(1).decode(), match.group(2)
        if name in values or not _SIMPLE_VALUE.match(raw):
            return None
        if name == "down_revision":
            down_revision_line = source.count(b"\n", 0, match.start()) + 1
        text = raw.decode()
        if text == "None":
            values[name] = None
        elif text.startswith("("):
            values[name] = tuple(
                part.strip().strip("'\"") for part in text[1:-1].split(",") if part.strip()
            )
        else:
            values[name] = text[1:-1]
    revision = values.get("revision")
    if not isinstance(revision, str) or not revision or "down_revision" not in values:
        return None
    docstring = _DOCSTRING.match(source)
    message = docstring.group(1).decode(errors="replace").rstrip() if docstring else ""
    message = message.removesuffix('"""').removesuffix("'''").strip()
    return _revision(revision, path, values, message, down_revision_line, digest)


def _revision(
    revision: str,
    path: Path,
    values: dict[str, object],
    message: str,
    down_revision_line: int,
    digest: str,
) -> Revision:
    """The header's values, read either way, as a Revision."""
    return Revision(
        id=revision,
        file=path,
        down_revisions=_as_tuple(values.get("down_revision")),
        branch_labels=_as_tuple(values.get("branch_labels")),
        depends_on=_as_tuple(values.get("depends_on")),
        message=message,
        down_revision_line=down_revision_line,
        digest=digest,
    )


class _Unreadable(str):
    """A header value that is not a literal (computed at import time)."""


def _strings_read_statically(
    value: ast.expr, tree: ast.Module, *, keep_unknown: bool
) -> tuple[str, ...]:
    """The strings of ``value`` (one, or a tuple or list of them): literals, and names the
    module itself binds to a literal string; anything else as its source text with
    ``keep_unknown`` (a label: that there is one matters), else left out (a dependency on a
    revision no one can name would only be missing)."""
    constants: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    parts = value.elts if isinstance(value, ast.Tuple | ast.List | ast.Set) else [value]
    found: list[str] = []
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            found.append(part.value)
        elif isinstance(part, ast.Name) and part.id in constants:
            found.append(constants[part.id])
        elif keep_unknown:
            found.append(ast.unparse(part))
    return tuple(found)


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(v) for v in value)
    return (str(value),)


def read_history(files: Iterable[Path]) -> History:
    """Build the graph from revision files and order it for upgrade."""
    history = History()
    for path in files:
        header = read_revision_header(path)
        if isinstance(header, HistoryProblem):
            history.problems.append(header)
            continue
        if header.id in history.revisions:
            other = history.revisions[header.id].file
            history.problems.append(
                HistoryProblem(
                    "duplicate",
                    f"revision id {header.id} is also declared in {other.name}",
                    file=path,
                    revision=header.id,
                )
            )
            continue
        history.revisions[header.id] = header
    _resolve_labels_in_depends_on(history)
    for rev in history.revisions.values():
        for parent in rev.down_revisions:
            if parent not in history.revisions:
                history.problems.append(
                    HistoryProblem(
                        "missing-parent",
                        f"down_revision {parent!r} is not a revision of this project",
                        file=rev.file,
                        line=rev.down_revision_line,
                        revision=rev.id,
                    )
                )
    history.order, cycle = _upgrade_order(history.revisions)
    if cycle:
        first = history.revisions[cycle[0]]
        history.problems.append(
            HistoryProblem(
                "cycle",
                "revision cycle: " + " -> ".join([*cycle, cycle[0]]),
                file=first.file,
                line=first.down_revision_line,
                revision=first.id,
            )
        )
    children: set[str] = set()
    for rev in history.revisions.values():
        children.update(rev.down_revisions)
    history.heads = [rid for rid in history.order if rid not in children]
    return history


def _resolve_labels_in_depends_on(history: History) -> None:
    """``depends_on`` may name a branch label; keep ids only for ordering."""
    labels = {label: rev.id for rev in history.revisions.values() for label in rev.branch_labels}
    for rid, rev in list(history.revisions.items()):
        if any(d in labels for d in rev.depends_on):
            resolved = tuple(labels.get(d, d) for d in rev.depends_on)
            history.revisions[rid] = replace(rev, depends_on=resolved)


def _upgrade_order(revisions: dict[str, Revision]) -> tuple[list[str], list[str]]:
    """Parents before children (Kahn's algorithm, ties broken by file name for stability).
    Returns the order and, if the graph has a cycle, one cycle."""
    parents = {
        rid: [p for p in (*rev.down_revisions, *rev.depends_on) if p in revisions and p != rid]
        for rid, rev in revisions.items()
    }
    children: dict[str, list[str]] = {rid: [] for rid in revisions}
    for rid, ps in parents.items():
        for parent in ps:
            children[parent].append(rid)
    pending = {rid: len(ps) for rid, ps in parents.items()}

    def key(rid: str) -> tuple[str, str]:
        return (revisions[rid].file.name, rid)

    ready = sorted((rid for rid, n in pending.items() if n == 0), key=key, reverse=True)
    order: list[str] = []
    while ready:
        current = ready.pop()
        order.append(current)
        for child in sorted(children[current], key=key, reverse=True):
            pending[child] -= 1
            if pending[child] == 0:
                ready.append(child)
    if len(order) == len(revisions):
        return order, []
    placed = set(order)
    stuck = {rid for rid in revisions if rid not in placed}
    # Revisions caught in a cycle are still linted, after the others.
    return order + sorted(stuck, key=key), _find_cycle(stuck, parents)


def _find_cycle(stuck: set[str], parents: dict[str, list[str]]) -> list[str]:
    start = min(stuck)
    path: list[str] = []
    seen: dict[str, int] = {}
    current = start
    while current not in seen:
        seen[current] = len(path)
        path.append(current)
        nxt = next((p for p in parents[current] if p in stuck), None)
        if nxt is None:
            return path
        current = nxt
    cycle = path[seen[current] :]
    cycle.reverse()  # parent -> child direction reads like the upgrade
    return cycle


def select_revisions(history: History, ids: Sequence[str]) -> list[str]:
    """``ids`` in upgrade order."""
    wanted = set(ids)
    return [rid for rid in history.order if rid in wanted]


# --------------------------------------------------------------------------- replaying


# History problems Alembic could not upgrade through either: replaying part of the history
# would only fail later with a confusing error, or silently leave a revision out.
_FATAL_HISTORY = (
    "cycle",
    "missing-parent",
    "external-parent",
    "duplicate",
    "syntax-error",
    "unreadable",
)


def refuse_broken_history(project: AlembicProject) -> None:
    """Raise ProjectError for a history that cannot be replayed (rehearse, rename) before any
    server starts: a cycle, a missing parent, a duplicate, a revision that does not compile."""
    for problem in project.history.problems:
        if problem.kind in _FATAL_HISTORY:
            where = _shown(problem.file or project.script_location)
            line = f":{problem.line}" if problem.file and problem.line else ""
            raise ProjectError(f"{where}{line}: {problem.message}; fix the history first")
    # The headers are read without compiling the files: a syntax error further down a
    # revision would otherwise only surface after the server was started and seeded.
    for revision in project.history.revisions.values():
        try:
            source = revision.file.read_bytes()
            compile(source, str(revision.file), "exec", dont_inherit=True)
        except SyntaxError as error:
            raise ProjectError(
                f"{_shown(revision.file)}:{error.lineno or 1}: syntax error: {error.msg}"
            ) from None
        except (OSError, ValueError) as error:
            raise ProjectError(f"{_shown(revision.file)}: cannot read: {error}") from None


def _shown(path: Path) -> str:
    # Imported here: the report package is not needed to read a project.
    from migcheck.report.paths import display_path

    return display_path(path)
