"""A labelled corpus of whole Alembic projects, written blind (from the rule documentation and
the PostgreSQL and Alembic manuals, without reading migcheck's code): a billing service, a CMS
with a branch and a merge, a warehouse service whose env.py sets lock_timeout, and a chat app
with an async env.py. ``# expect: rule`` above an ``op.`` call names a warning/error finding on
that call's line; every other call must give none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import describe, expected, keys

from migcheck.lint import LintOptions, lint

CORPUS = Path(__file__).parent / "corpus" / "alembic"

# Revisions that read the database in upgrade(): offline they end in render-failed (checked by
# test_inputs); the rest of their project is still scored.
READS_THE_DATABASE = {"4e6a8c0d2f5e"}


@pytest.mark.parametrize("project", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_alembic_project_findings_are_exactly_the_markers(project: str) -> None:
    root = CORPUS / project
    result = lint(LintOptions(paths=[root], use_cache=False, offline_only=True))
    files = [
        f
        for f in sorted(root.glob("*/versions/*.py"))
        if not any(f.name.startswith(rid) for rid in READS_THE_DATABASE)
    ]
    scored = {f.name for f in files}
    want = expected(files)
    got = {key for key in keys(result.findings) if key[0] in scored}
    assert len(files) >= 12
    assert got == want, (
        f"missing: {sorted(want - got)}\nunexpected: {sorted(got - want)}\n"
        f"all findings:\n{describe(result.findings)}"
    )
