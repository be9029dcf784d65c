"""Reading env.py's target_metadata naming convention from source (migcheck.naming)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migcheck.naming import read_naming_convention

CONVENTION = '{"uq": "uq_%(table_name)s_%(column_0_name)s", "pk": "pk_%(table_name)s"}'
EXPECTED = (("pk", "pk_%(table_name)s"), ("uq", "uq_%(table_name)s_%(column_0_name)s"))


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return root


def _env(target: str, imports: str = "from app.db.models import Base") -> str:
    return f"from alembic import context\n{imports}\n\ntarget_metadata = {target}\n"


MODELS = f"""
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention={CONVENTION})
"""


def test_the_models_env_py_imports_from_a_package_above_it(tmp_path: Path) -> None:
    """Migrations inside the package (app/db/migrations), no prepend_sys_path: the package is
    found from env.py's own ancestors."""
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db/__init__.py": "",
            "app/db/models.py": MODELS,
            "app/db/migrations/env.py": _env("Base.metadata"),
        },
    )
    assert read_naming_convention(tmp_path / "app/db/migrations/env.py", []) == EXPECTED


def test_two_imports_deep_and_by_name_with_class_keys(tmp_path: Path) -> None:
    """env.py -> app.models -> (relatively) app.base, where the convention is a module-level
    dict keyed by constraint classes."""
    _write(
        tmp_path,
        {
            "src/app/__init__.py": "",
            "src/app/models.py": "from .base import Base\n\nclass User(Base): ...\n",
            "src/app/base.py": """
                import sqlalchemy as sa
                from sqlalchemy import UniqueConstraint
                NAMES = {UniqueConstraint: "uq_%(table_name)s_%(column_0_N_name)s",
                         sa.PrimaryKeyConstraint: "pk_%(table_name)s"}
                metadata = sa.MetaData(naming_convention=NAMES)
            """,
            "migrations/env.py": _env("Base.metadata", "from app.models import Base"),
        },
    )
    found = read_naming_convention(tmp_path / "migrations/env.py", [tmp_path / "src"])
    assert found == (("pk", "pk_%(table_name)s"), ("uq", "uq_%(table_name)s_%(column_0_N_name)s"))


def test_a_convention_written_in_env_py_itself(tmp_path: Path) -> None:
    env = _env(f"sa.MetaData(naming_convention={CONVENTION})", "import sqlalchemy as sa")
    _write(tmp_path, {"env.py": env})
    assert read_naming_convention(tmp_path / "env.py", []) == EXPECTED


@pytest.mark.parametrize(
    ("target", "models"),
    [
        # Alembic uses no metadata at all: the models' convention does not apply.
        ("None", MODELS),
        # Several metadata objects: Alembic reads the convention of none of them.
        ("[Base.metadata]", MODELS),
        # A token of the application's own, filled in by a function.
        (
            "Base.metadata",
            "import sqlalchemy as sa\ndef cols(c, t): ...\n"
            'metadata = sa.MetaData(naming_convention={"column_names": cols, '
            '"uq": "uq_%(table_name)s_%(column_names)s"})\n',
        ),
        (
            "Base.metadata",
            'import sqlalchemy as sa\nmetadata = sa.MetaData(naming_convention={"uq": '
            '"uq_%(table_name)s_%(column_names)s"})\n',
        ),
        # Two different conventions: which one env.py's metadata has is not known.
        (
            "Base.metadata",
            MODELS + '\nother = sa.MetaData(naming_convention={"pk": "%(table_name)s_pkey"})\n',
        ),
    ],
    ids=["target-none", "target-list", "token-function", "unknown-token", "two-conventions"],
)
def test_no_convention_rather_than_a_wrong_one(tmp_path: Path, target: str, models: str) -> None:
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db/__init__.py": "",
            "app/db/models.py": models,
            "migrations/env.py": _env(target),
        },
    )
    assert read_naming_convention(tmp_path / "migrations/env.py", [tmp_path]) == ()


def test_an_unreadable_env_py_has_none(tmp_path: Path) -> None:
    _write(tmp_path, {"env.py": "def broken(:\n"})
    assert read_naming_convention(tmp_path / "env.py", []) == ()
    assert read_naming_convention(tmp_path / "missing.py", []) == ()
