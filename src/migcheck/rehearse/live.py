"""The live view while a rehearsal runs: a progress bar per seeded table and a line per
revision. On a terminal it animates; elsewhere (CI logs) it prints plain lines."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from migcheck.rehearse.model import RevisionModel
from migcheck.rehearse.report import revision_line
from migcheck.rehearse.runner import RehearsalProgress


class LiveProgress(RehearsalProgress):
    def __init__(self, console: Console) -> None:
        self.console = console
        self.interactive = console.is_terminal
        self._bars = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._reported: set[str] = set()

    def __enter__(self) -> LiveProgress:
        if self.interactive:
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.interactive:
            self._bars.stop()

    def status(self, text: str) -> None:
        self.console.print(f"[dim]· {escape(text)}[/dim]")

    def seeding(self, table: str, done: int, total: int) -> None:
        if self.interactive:
            task = self._tasks.get(table)
            if task is None:
                task = self._tasks[table] = self._bars.add_task(f"seed {table}", total=total)
            self._bars.update(task, completed=done)
        elif done >= total and table not in self._reported:
            self._reported.add(table)
            self.console.print(f"[dim]· seeded {table}: {total:,} rows[/dim]")

    def revision_done(self, revision: RevisionModel) -> None:
        style = "red" if revision.error else "green"
        self.console.print(
            f"[{style}]✓[/] {escape(revision_line(revision))}"
            if not revision.error
            else f"[red]✗[/] {escape(revision_line(revision))}"
        )
