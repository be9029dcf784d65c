"""``migcheck rules`` and ``migcheck rules ID``: the catalog, ruff-style."""

from __future__ import annotations

import json

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from migcheck.errors import MigcheckError
from migcheck.rules import RULES, Rule


def _get(rule_id: str) -> Rule:
    rule = RULES.get(rule_id)
    if rule is None:
        close = [r for r in RULES if rule_id in r or r in rule_id]
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
        raise MigcheckError(f"unknown rule {rule_id!r}{hint}; `migcheck rules` lists them")
    return rule


def print_rules(console: Console) -> None:
    # On a narrow terminal (or a pipe: 80 columns) the family column goes, so that the summary
    # keeps room to be read rather than wrapping two words a line.
    wide = console.width >= 110
    table = Table(
        title="migcheck rules",
        show_lines=False,
        header_style="bold",
        box=box.HEAVY_HEAD if wide else box.SIMPLE_HEAD,
    )
    table.add_column("rule", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    if wide:
        table.add_column("family", no_wrap=True)
    table.add_column("what it flags", min_width=24)
    for rule in sorted(RULES.values(), key=lambda r: (r.family, r.id)):
        family = [rule.family] if wide else []
        table.add_row(rule.id, str(rule.severity), *family, rule.summary)
    console.print(table)
    console.print("[dim]`migcheck rules ID` shows why, an example and the safe way.[/dim]")


def print_rule(console: Console, rule_id: str) -> None:
    rule = _get(rule_id)
    console.print(f"[bold]{rule.id}[/bold] ({rule.severity}, {rule.family})")
    console.print()
    console.print(f"[bold]What it does[/bold]\n{escape(rule.summary)}\n")
    console.print(f"[bold]Why is this bad?[/bold]\n{escape(rule.why)}\n")
    console.print("[bold]Example[/bold]")
    console.print(Syntax(rule.example, "python", theme="ansi_dark", background_color="default"))
    console.print()
    console.print(f"[bold]Use instead[/bold]\n{escape(rule.instead)}")
    if rule.safe_example:
        console.print(
            Syntax(rule.safe_example, "python", theme="ansi_dark", background_color="default")
        )
    console.print()
    console.print(f"[bold]PostgreSQL versions[/bold]\n{escape(rule.versions)}")
    # escape: "ignore[rule-id]" is not rich markup (unescaped, the rule id vanished).
    hint = escape(f"# migcheck: ignore[{rule.id}] <reason>")
    console.print(f"\n[dim]Silence one occurrence: {hint}[/dim]")


def rules_json(rule_id: str | None) -> str:
    rules = [_get(rule_id)] if rule_id else sorted(RULES.values(), key=lambda r: r.id)
    data = [
        {
            "id": r.id,
            "severity": str(r.severity),
            "family": r.family,
            "summary": r.summary,
            "why": r.why,
            "example": r.example,
            "instead": r.instead,
            "safe_example": r.safe_example,
            "versions": r.versions,
        }
        for r in rules
    ]
    return json.dumps(data if rule_id is None else data[0], indent=2) + "\n"
