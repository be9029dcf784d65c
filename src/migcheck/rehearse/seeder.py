"""Filling a rehearsal's tables: once each, when they first exist, with the rows the
revisions under test assume of them (:mod:`.lookahead`), and what the report says of it.

The rows themselves are :mod:`.seed`'s; this decides how many (``--rows``, ``[tool.migcheck.
rehearse.rows]``, ``--rows-from``), which tables are new, and writes the seed's figures,
warnings and notes into the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from migcheck.analysis.names import bare
from migcheck.rehearse.backends import Database, connect
from migcheck.rehearse.lookahead import Lookahead, PlannedColumns
from migcheck.rehearse.model import RehearsalModel

if TYPE_CHECKING:
    import psycopg

    from migcheck.rehearse.runner import RehearsalProgress, RehearseOptions
    from migcheck.rehearse.seed import SeedResult


class Seeder:
    """Fills tables once each, when they first exist."""

    def __init__(
        self,
        database: Database,
        options: RehearseOptions,
        report: RehearsalModel,
        progress: RehearsalProgress,
        lookahead: Lookahead,
    ) -> None:
        self.database = database
        self.options = options
        self.lookahead = lookahead
        self.report = report
        self.progress = progress
        self.done: set[int] = set()
        config = options.config.rehearse
        self.default_rows = (
            options.default_rows if options.default_rows is not None else config.default_rows
        )
        self.rows = dict(config.rows)
        self.null_fractions: dict[str, dict[str, float]] = {}
        if database.backend == "url" and options.default_rows is None:
            # A staging copy already has its data: seed it only when asked on the command line
            # (--rows, --rows-from). [tool.migcheck.rehearse] rows are for throwaway servers;
            # applied here they would add a million rows to every table of the user's database.
            self.default_rows = 0
            self.rows = {}
        if options.rows_from:
            from migcheck.rehearse.seed import read_production_stats

            production_rows, self.null_fractions = read_production_stats(options.rows_from)
            self.rows = {**{k: int(v) for k, v in production_rows.items()}, **self.rows}

    def seed_new_tables(self) -> None:
        from migcheck.rehearse.seed import plan_seed

        with connect(self.database) as conn:
            plans = plan_seed(
                conn,
                default_rows=self.default_rows,
                rows=self._known_rows(conn),
                planned_foreign_keys=self.lookahead.foreign_keys,
            )
            # By OID: a table renamed since it was seeded is not new.
            oids = {p.table: self._oid(conn, p.table) for p in plans}
            plans = [p for p in plans if oids[p.table] not in self.done]
            if not plans:
                return
            self.progress.status(f"seeding {len(plans)} table(s)")
            # Only catalog reads so far: end that transaction, so that seed() owns its own (one
            # per table, and tables filled on several connections at once).
            conn.rollback()
            from migcheck.rehearse.seed import seed

            result = seed(
                conn,
                plans,
                on_progress=self.progress.seeding,
                null_fractions=self.null_fractions,
                connect=self._seed_connection if self.database.backend != "url" else None,
                scratch_dir=self.database.scratch_dir,
                planned_foreign_keys=self.lookahead.foreign_keys,
                planned_unique=self._unique_sets(),
                planned_checks=self._label_checks(),
                planned_not_null=self._not_null_columns(),
            )
        self.done.update(oids[p.table] for p in plans)
        for table, rows in result.tables.items():
            self.report.seed.tables[table] = self.report.seed.tables.get(table, 0) + rows
        self.report.seed.seconds = round(self.report.seed.seconds + result.seconds, 3)
        self.report.seed.warnings.extend(result.warnings)
        self._note_lookahead(result)

    def _note_lookahead(self, result: SeedResult) -> None:
        """Say where the seed met what the revisions under test assume (see lookahead)."""
        for table, column in result.planned_not_null:
            planned = _source(self.lookahead.not_null, table, (column,))
            self.report.seed.notes.append(
                f"{table}.{column}: seeded without NULLs, as revision {planned.revision} "
                f"(line {planned.line}) makes it NOT NULL with no backfill before it "
                "(--rows-from uses production's share of NULLs instead)"
            )
        for table, column in result.planned_checks:
            labels = next(
                p
                for p in self.lookahead.labels
                if p.column == column and _same_table(p.table, table)
            )
            self.report.seed.notes.append(
                f"{table}.{column}: seeded with the labels of {labels.type_name}, as revision "
                f"{labels.revision} (line {labels.line}) converts it to that type with no "
                "backfill before it"
            )
        for table, columns in result.planned_unique:
            planned = _source(self.lookahead.unique, table, columns)
            self.report.seed.notes.append(
                f"{table} ({', '.join(columns)}): seeded with distinct values, as revision "
                f"{planned.revision} (line {planned.line}) makes them unique with no clean-up "
                "before it"
            )

    def _not_null_columns(self) -> dict[str, list[str]]:
        """The planned NOT NULL columns by table, named as lint names it."""
        columns: dict[str, list[str]] = {}
        for planned in self.lookahead.not_null:
            columns.setdefault(planned.table, []).extend(planned.columns)
        return columns

    def _unique_sets(self) -> dict[str, list[tuple[str, ...]]]:
        """The planned unique column sets by table, named as lint names it (the seed matches
        a bare name in every schema, as with null fractions)."""
        sets: dict[str, list[tuple[str, ...]]] = {}
        for planned in self.lookahead.unique:
            sets.setdefault(planned.table, []).append(planned.columns)
        return sets

    def _label_checks(self) -> dict[str, list[tuple[str, str]]]:
        checks: dict[str, list[tuple[str, str]]] = {}
        for planned in self.lookahead.labels:
            checks.setdefault(planned.table, []).append((planned.column, planned.check))
        return checks

    def _seed_connection(self) -> psycopg.Connection[Any]:
        """One more connection for filling a table in parallel (throwaway servers only: there,
        the drops of indexes committed before a table is filled cannot outlive the server if
        migcheck is killed half way; on a database the user handed over they could)."""
        return connect(self.database, autocommit=True, application_name="migcheck-seed")

    @staticmethod
    def _oid(conn: Any, table: str) -> int:
        return int(conn.execute("SELECT to_regclass(%s)::oid", (table,)).fetchone()[0] or 0)

    def _known_rows(self, conn: Any) -> dict[str, int]:
        """Only keys that name existing tables (configured rows may name future tables)."""
        existing = {
            (schema, name)
            for schema, name in conn.execute(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p')"
            ).fetchall()
        }
        names = {name for _, name in existing} | {f"{s}.{n}" for s, n in existing}
        return {k: v for k, v in self.rows.items() if k in names}


def _source(
    planned: Sequence[PlannedColumns], table: str, columns: tuple[str, ...]
) -> PlannedColumns:
    """The lookahead entry behind what the seed did to ``columns`` of ``table``."""
    return next(p for p in planned if p.columns == columns and _same_table(p.table, table))


def _same_table(lint_name: str, table: str) -> bool:
    """Whether lint's name of a table (``orders``, ``billing.orders``) is ``table``
    (``public.orders``): a bare name matches that table in any schema."""
    return lint_name == table or ("." not in lint_name and bare(table) == lint_name)
