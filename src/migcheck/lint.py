"""``migcheck lint``: paths in, findings out.

Inputs are sorted into *targets*: an Alembic project (all its revisions, or the revision files
named on the command line, or those changed since ``--since REF``, always with the whole
history before them as schema context) or a group of ``.sql`` files. Each target is rendered
(:mod:`migcheck.render`, cached by file content), analysed and checked by the
:class:`~migcheck.engine.Engine`; then suppressions and rule selection are applied.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from migcheck.config import MigcheckConfig
from migcheck.engine import AnalyzedStatement, Engine
from migcheck.errors import ConfigError, MigcheckError
from migcheck.gitutil import Changes, changes_since
from migcheck.model import ROWS_UNSEEN, Finding, Severity, Unit
from migcheck.project import (
    INI_NAME,
    AlembicProject,
    HistoryProblem,
    find_project,
    find_project_of_file,
    ini_text,
    migrations_below,
    project_driver,
)
from migcheck.rules import RULES
from migcheck.rules.base import Reporter, Settings
from migcheck.scratch import ScratchDirectory
from migcheck.sqlfile import read_sql_file
from migcheck.suppress import Suppressions


@dataclass(slots=True)
class LintOptions:
    paths: Sequence[Path]
    config: MigcheckConfig = field(default_factory=MigcheckConfig)
    since: str | None = None
    section: str = "alembic"
    assume_in_transaction: bool = False
    offline_only: bool = False
    use_cache: bool = True
    table_rows: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    analyzed: list[AnalyzedStatement] = field(default_factory=list)
    projects: list[AlembicProject] = field(default_factory=list)
    database_renders: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


@dataclass(slots=True)
class _ProjectTarget:
    project: AlembicProject
    selected: set[str] | None = None  # None: every revision


@dataclass(slots=True)
class _SqlTarget:
    files: list[Path]


# --------------------------------------------------------------------------- inputs


def collect_targets(paths: Sequence[Path], section: str) -> list[_ProjectTarget | _SqlTarget]:
    """Sort command-line paths into projects and groups of ``.sql`` files."""
    targets: list[_ProjectTarget | _SqlTarget] = []
    by_root: dict[tuple[Path, ...], _ProjectTarget] = {}
    loose_sql: list[Path] = []

    def add_project(project: AlembicProject, revision_file: Path | None = None) -> None:
        key = (project.script_location, *project.version_locations)
        target = by_root.get(key)
        if target is None:
            target = _ProjectTarget(project, selected=set() if revision_file else None)
            by_root[key] = target
            targets.append(target)
        if revision_file is None:
            target.selected = None
        elif target.selected is not None:
            revision = project.history.by_file().get(revision_file.resolve())
            if revision is not None:
                target.selected.add(revision.id)

    for raw in paths:
        path = raw.expanduser()
        if not path.exists():
            raise MigcheckError(f"{raw}: no such file or directory")
        if path.is_dir():
            if _looks_like_project(path):
                add_project(find_project(path, section))
                continue
            if migrations_below(path):
                # A repository's root with its migrations folder below (Flask-Migrate): that
                # project, not the .sql files or modules around it.
                add_project(find_project(path, section))
                continue
            if path.resolve().name == "versions" and any(path.glob("*.py")):
                # The versions folder itself: the project is the directory holding it.
                add_project(find_project(path.resolve().parent, section))
                continue
            if any(path.rglob("*.py")) and not _sql_files_under(path):
                # A folder inside a project's versions: one of parallel histories (one per
                # dialect) is that history; part of one history (versions/2024), its revisions
                # are linted with the whole history before them, as files named one by one.
                project = find_project(path, section)
                if any(loc.resolve() == path.resolve() for loc in project.version_locations):
                    add_project(project)
                else:
                    for file in sorted(path.rglob("*.py")):
                        add_project(project, file)
                continue
            sql_files = _sql_files_under(path)
            if sql_files:
                targets.append(_SqlTarget(sql_files))
                continue
            raise MigcheckError(
                f"{raw}: no alembic.ini, env.py, versions/ or .sql files here "
                "(pass an Alembic project, revision files or .sql files)"
            )
        if path.suffix == ".sql":
            loose_sql.append(path)
        elif path.name == INI_NAME or path.suffix == ".ini" or path.name == "pyproject.toml":
            add_project(find_project(path, section))
        elif path.suffix == ".py":
            # Pre-commit passes every changed revision: one discovery (history, env.py) per
            # project, not one per file.
            resolved = path.resolve()
            project = next(
                (
                    target.project
                    for target in by_root.values()
                    if any(
                        resolved.is_relative_to(loc.resolve())
                        for loc in target.project.version_locations
                    )
                ),
                None,
            ) or find_project_of_file(path)
            if project is None:
                raise MigcheckError(
                    f"{raw}: not inside an Alembic project (no env.py and versions/ above it)"
                )
            add_project(project, path)
        else:
            raise MigcheckError(f"{raw}: not a revision file, .sql file or Alembic project")
    if loose_sql:
        targets.append(_SqlTarget(loose_sql))
    return targets


# Directories no migration lives in: virtual environments (installed packages ship .sql files,
# e.g. PostgreSQL extensions), dependencies, caches, version control.
_NOT_MIGRATIONS = frozenset(
    {
        "node_modules",
        "site-packages",
        "dist-packages",
        "__pycache__",
        "venv",
        "env",
        "build",
        "dist",
    }
)


def _sql_files_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    for path in sorted(folder.rglob("*.sql")):
        parts = path.relative_to(folder).parts[:-1]
        if any(part.startswith(".") or part in _NOT_MIGRATIONS for part in parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def _looks_like_project(path: Path) -> bool:
    if (path / INI_NAME).is_file() or (path / "env.py").is_file() or (path / "versions").is_dir():
        return True
    pyproject = path / "pyproject.toml"
    return pyproject.is_file() and "[tool.alembic]" in pyproject.read_text(
        encoding="utf-8", errors="replace"
    )


# --------------------------------------------------------------------------- linting


def lint(options: LintOptions, on_progress: Callable[[str], None] | None = None) -> LintResult:
    result = LintResult()
    config = options.config
    table_rows = {**config.tables, **options.table_rows}
    for target in collect_targets(options.paths, options.section):
        if isinstance(target, _SqlTarget):
            settings = Settings(
                pg_version=config.pg_version,
                table_rows=table_rows,
                lock_timeout_set_by_env=config.lock_timeout_set_by_env,
                assume_in_transaction=options.assume_in_transaction,
            )
            engine = Engine(settings, _enabled(config))
            changed = (
                changes_since(options.since, target.files[0]).changed
                if options.since is not None and target.files
                else None
            )
            for file in target.files:
                unit = read_sql_file(file)
                if changed is not None and file.resolve() not in changed:
                    engine.fold(unit)  # --since: unchanged files are context (the schema) only
                    continue
                engine.lint_unit(unit)
                result.units.append(unit)
            _collect(result, engine.reporter, engine)
        else:
            _lint_project(target, options, table_rows, result, on_progress)
    result.findings = _filter(result.findings, config)
    # History order (what a reader follows), then line; project-level findings first.
    position = {unit.file: index for index, unit in enumerate(result.units)}
    result.findings.sort(
        key=lambda f: (position.get(f.file, -1) if f.file else -1, f.line or 0, f.rule)
    )
    return result


def _lint_project(
    target: _ProjectTarget,
    options: LintOptions,
    table_rows: dict[str, int],
    result: LintResult,
    on_progress: Callable[[str], None] | None,
) -> None:
    from migcheck.cache import RenderCache

    project = target.project
    history = project.history
    config = options.config
    result.projects.append(project)
    ini = ini_text(project)  # read once: env settings can be there too
    driver, why = project_driver(project, ini)
    settings = Settings(
        pg_version=config.pg_version,
        table_rows=table_rows,
        lock_timeout_set_by_env=config.lock_timeout_set_by_env
        or project.env.sets_lock_timeout
        or "lock_timeout" in ini,
        transaction_per_migration=project.env.transaction_per_migration,
        env_delegates=project.env.delegates,
        driver_begins_after_commit=driver == "psycopg",
        driver=f"{_DRIVER_NAMES.get(driver, driver)}, {why}",
    )
    engine = Engine(settings, _enabled(config))
    reporter = engine.reporter

    changes: Changes | None = None
    selected = set(target.selected) if target.selected is not None else None
    if options.since is not None:
        changes = changes_since(options.since, project.root)
        since_ids = {
            rev.id for rev in history.revisions.values() if rev.file.resolve() in changes.changed
        }
        selected = since_ids if selected is None else selected & since_ids
    excluded = _excluded(project, config.exclude_revisions)

    _report_history(project, reporter, selected, changes)

    order = history.order
    wanted = [rid for rid in order if (selected is None or rid in selected) and rid not in excluded]
    if not wanted:
        _collect(result, reporter, engine)
        return
    last_index = max(order.index(rid) for rid in wanted)
    needed = order[: last_index + 1]
    loader = None  # imports Alembic and SQLAlchemy: only when a revision must be rendered
    cache = RenderCache(project.root if options.use_cache else None)
    cache.load_facts()
    allow_database = not (options.offline_only or config.offline_only)
    # Alembic names unnamed constraints with it: another convention, other SQL.
    setting = repr(project.env.naming_convention) if project.env.naming_convention else ""
    keys = {
        rid: cache.key(history.revisions[rid].file, history.revisions[rid].digest, setting)
        for rid in needed
    }
    cached = {rid for rid in needed if cache.has(keys[rid])}
    missing = [history.revisions[rid] for rid in needed if rid not in cached]
    renders = None
    # Revisions' code runs where it cannot leave files behind (see migcheck.scratch).
    scratch = ScratchDirectory(Path.cwd())
    if missing:
        from migcheck.parallel import RenderStream

        if on_progress is not None:
            on_progress(f"rendering {len(missing)} revisions")
        # Rendering starts now, in workers; the walk below lints the cached revisions meanwhile
        # and waits only when it reaches one still being rendered.
        renders = RenderStream(
            missing,
            [*project.sys_paths, project.root],
            project.ini_file,
            scratch,
            project.env.naming_convention,
        )
    fallback = None
    engine.start_session()
    try:
        for position, rid in enumerate(needed):
            revision = history.revisions[rid]
            unit = cache.get(keys[rid]) if rid in cached else None
            if unit is not None and unit.online and not allow_database:
                unit = None  # rendered on a database last time; --offline-only wants offline
            if unit is None:  # not cached, or its entry turned out unreadable
                if renders is None:
                    from migcheck.parallel import RenderStream

                    renders = RenderStream(
                        [],
                        [*project.sys_paths, project.root],
                        project.ini_file,
                        scratch,
                        project.env.naming_convention,
                    )
                unit = renders.take(revision)
                if not _needs_database(unit):
                    cache.put(keys[rid], unit)
            if _needs_database(unit) and allow_database:
                from migcheck.render import Loader

                if loader is None:
                    loader = Loader(
                        sys_paths=[*project.sys_paths, project.root],
                        naming_convention=project.env.naming_convention,
                    )
                if fallback is None:
                    from migcheck.render_online import DatabaseFallback

                    fallback = DatabaseFallback(project, loader)
                with scratch.entered():
                    online = fallback.render(revision, order[:position])
                if online is not None:
                    if _reads_rows(unit) and online.online and online.problem is None:
                        online.standins = (*online.standins, ROWS_UNSEEN)
                    unit = online
                cache.put(keys[rid], unit)
            elif _needs_database(unit):
                cache.put(keys[rid], unit)
            result.database_renders += 1 if unit.online else 0  # from the cache too
            unit.revision = revision
            if rid in wanted:
                engine.lint_unit(unit)
                result.units.append(unit)
            else:
                engine.fold(unit)
    finally:
        if renders is not None:
            renders.close()
        if fallback is not None:
            fallback.close()
        scratch.close()
    cache.save_facts()
    _collect(result, reporter, engine)


def _needs_database(unit: Unit) -> bool:
    return unit.problem is not None and unit.problem.needs_database


def _reads_rows(unit: Unit) -> bool:
    """Offline, the revision stopped at a read of the application's rows (not of the catalog
    or the live schema): on the schema-only database that read finds none."""
    from migcheck.render import reads_catalog  # loaded already: the unit was rendered

    message = unit.problem.message if unit.problem is not None else ""
    return message.startswith(("reads the database", "reads rows")) and not reads_catalog(message)


def _collect(result: LintResult, reporter: Reporter, engine: Engine) -> None:
    suppressions: dict[Path, Suppressions] = {}
    end_lines = {
        (a.statement.file, a.statement.line): a.statement.end_line for a in engine.analyzed
    }
    for finding in reporter.findings:
        if finding.file is not None:
            rules = suppressions.get(finding.file)
            if rules is None:
                rules = suppressions[finding.file] = Suppressions.from_file(finding.file)
            end = end_lines.get((finding.file, finding.line or 0))
            if rules.ignores(finding.rule, finding.line, end):
                continue
        result.findings.append(finding)
    result.analyzed.extend(engine.analyzed)


def _report_history(
    project: AlembicProject,
    reporter: Reporter,
    selected: set[str] | None,
    changes: Changes | None,
) -> None:
    history = project.history
    for problem in history.problems:
        if (
            selected is not None
            and problem.revision is not None
            and problem.revision not in selected
        ) and problem.kind not in ("cycle", "duplicate", "missing-parent", "external-parent"):
            continue
        _report_problem(problem, reporter)
    if len(history.heads) > 1 and not history.labelled_branches():
        heads = [history.revisions[h] for h in history.heads]
        reporter.add(
            "multiple-heads",
            f"{len(heads)} heads ({', '.join(h.id for h in heads)}): `alembic upgrade head` "
            f"fails; merge them with `alembic merge {' '.join(h.id for h in heads)}`",
            line=heads[-1].down_revision_line,
            unit=Unit(file=heads[-1].file, statements=[], revision=heads[-1]),
        )
    if changes is not None:
        for revision in history.revisions.values():
            if revision.file.resolve() in changes.modified_existing:
                reporter.add(
                    "edited-revision",
                    f"revision {revision.id} existed before and was edited: databases that "
                    "applied it will not see the change; write a new revision instead",
                    line=1,
                    unit=Unit(file=revision.file, statements=[], revision=revision),
                )


def _report_problem(problem: HistoryProblem, reporter: Reporter) -> None:
    file = problem.file
    unit = Unit(file=file, statements=[]) if file is not None else None
    if problem.kind in ("syntax-error", "unreadable"):
        reporter.add(
            "render-failed",
            f"{file.name if file else 'revision'} was not checked: {problem.message}",
            unit=unit,
            line=problem.line or 1,
        )
    elif problem.kind == "not-a-revision":
        reporter.add(
            "render-failed",
            f"{file.name if file else 'file'} is not a revision ({problem.message}); skipped",
            unit=unit,
            line=problem.line or 1,
            severity=Severity.INFO,
        )
    elif problem.kind == "external-parent":
        reporter.add(
            "broken-history",
            problem.message,
            unit=unit,
            line=problem.line or 1,
            severity=Severity.INFO,
        )
    else:
        reporter.add("broken-history", problem.message, unit=unit, line=problem.line or 1)


def _excluded(project: AlembicProject, patterns: Sequence[str]) -> set[str]:
    if not patterns:
        return set()
    excluded: set[str] = set()
    for revision in project.history.revisions.values():
        relative = str(revision.file)
        for pattern in patterns:
            if (
                revision.id == pattern
                or (revision.id.startswith(pattern) and len(pattern) >= 4)
                or fnmatch.fnmatch(relative, pattern)
                or fnmatch.fnmatch(revision.file.name, pattern)
                or fnmatch.fnmatch(relative, f"*/{pattern}")
            ):
                excluded.add(revision.id)
    return excluded


_DRIVER_NAMES = {"psycopg": "psycopg 3"}


def _enabled(config: MigcheckConfig) -> list[str]:
    enabled = set(config.select) if config.select is not None else set(RULES)
    remaining = sorted(enabled - set(config.ignore))
    if not remaining:
        # An empty --select (an unset variable in CI) must not turn into a green run.
        raise ConfigError("select/ignore leave no rule enabled: nothing would be checked")
    return remaining


def _filter(findings: list[Finding], config: MigcheckConfig) -> list[Finding]:
    enabled = set(_enabled(config))
    return [f for f in findings if f.rule in enabled]
