"""The rule catalog: one module per family, each rule documented (``migcheck rules ID``).

Importing this package registers every rule in :data:`migcheck.rules.base.RULES`.
"""

from __future__ import annotations

from migcheck.rules import (
    compat,
    constraints,
    dialect,
    history,
    locking,
    rewrites,
    transactions,
)
from migcheck.rules.base import RULES, STATEMENT_CHECKS, UNIT_CHECKS, Rule

__all__ = [
    "RULES",
    "STATEMENT_CHECKS",
    "UNIT_CHECKS",
    "Rule",
    "compat",
    "constraints",
    "dialect",
    "history",
    "locking",
    "rewrites",
    "transactions",
]
