"""Cold lint of a long history: worker processes render, this one analyses; same findings."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
from pathlib import Path

import pytest

from migcheck import parallel
from migcheck.lint import LintOptions, lint
from migcheck.project import find_project

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The benchmark's generator: a history of the operations real teams write.
    spec = importlib.util.spec_from_file_location("gen_project", BENCHMARKS / "gen_project.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(tmp_path_factory.mktemp("long") / "project", 150)


def _findings(project: Path) -> list[tuple[str, int | None, str, str]]:
    result = lint(LintOptions(paths=[project], use_cache=False, offline_only=True))
    return [(str(f.file), f.line, f.rule, f.message) for f in result.findings]


def test_forked_workers_give_the_same_findings(
    long_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGCHECK_WORKERS", "1")
    assert parallel.render_workers(150) == 0
    alone = _findings(long_history)
    monkeypatch.setenv("MIGCHECK_WORKERS", "3")
    assert parallel.render_workers(150) == 2
    forked = _findings(long_history)
    assert alone, "the generated history has hazards"
    assert forked == alone


def test_short_histories_are_not_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIGCHECK_WORKERS", raising=False)
    assert parallel.render_workers(parallel.MIN_REVISIONS_TO_FORK - 1) == 0


def _rendered_sql(project: Path, kill_first_worker: bool) -> dict[str, list[str]]:
    found = find_project(project)
    revisions = [found.history.revisions[rid] for rid in found.history.order]
    stream = parallel.RenderStream(revisions, [*found.sys_paths, found.root], found.ini_file)
    try:
        if kill_first_worker:
            assert stream.owned, "workers were forked"
            os.kill(stream.owned[0].pid, signal.SIGKILL)
        # Taken in reverse: the walk may ask for any revision first, not only the next one.
        return {r.id: [s.sql for s in stream.take(r).statements] for r in reversed(revisions)}
    finally:
        stream.close()


def test_a_worker_that_dies_is_replaced_by_rendering_here(
    long_history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGCHECK_WORKERS", "1")
    alone = _rendered_sql(long_history, kill_first_worker=False)
    monkeypatch.setenv("MIGCHECK_WORKERS", "3")
    survived = _rendered_sql(long_history, kill_first_worker=True)
    assert len(alone) == 150 and sum(map(len, alone.values())) > 150
    assert survived == alone


def test_a_changed_revision_is_rendered_again_with_the_cache_in_use(
    long_history: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(long_history, project)
    cold = lint(LintOptions(paths=[project], use_cache=True, offline_only=True))
    versions = sorted((project / "migrations" / "versions").glob("*.py"))
    changed = versions[len(versions) // 2]
    source = changed.read_text(encoding="utf-8")
    assert "def upgrade():\n" in source
    # A new unsafe statement at the start of upgrade(): found from the cache's neighbours.
    changed.write_text(
        source.replace(
            "def upgrade():\n",
            "def upgrade():\n    op.execute('TRUNCATE TABLE audit_trail')\n",
            1,
        ),
        encoding="utf-8",
    )
    warm = lint(LintOptions(paths=[project], use_cache=True, offline_only=True))
    new = {(f.file, f.rule) for f in warm.findings} - {(f.file, f.rule) for f in cold.findings}
    assert (changed, "truncate") in new
    assert len(warm.units) == len(cold.units)
