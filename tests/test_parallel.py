"""Cold lint of a long history: worker processes render, this one analyses; same findings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from migcheck import parallel
from migcheck.lint import LintOptions, lint

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
