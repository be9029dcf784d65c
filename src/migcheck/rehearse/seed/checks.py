"""CHECK constraints (best effort): what they allow for single columns, as :class:`_Rules`.

Bounds, IN lists and equalities, lengths, IS NOT NULL, "column above column" and NULLs that go
together (``(a IS NULL) = (b IS NULL)``) or exclude each other (``(a IS NULL) <> (b IS NULL)``)
are understood; anything else is left to the probe and its fallbacks
(:mod:`migcheck.rehearse.seed.fallbacks`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class _Rules:
    """What the parsed CHECKs allow for one column."""

    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True
    allowed: list[str] | None = None  # literal texts of an IN list / equality
    min_length: int | None = None
    max_length: int | None = None
    not_null: bool = False
    above: list[tuple[str, bool]] = field(default_factory=list)  # (other column, strict)
    # (other column, same): this column is NULL exactly when the other is (same) or is not.
    null_links: list[tuple[str, bool]] = field(default_factory=list)

    def merge_low(self, value: float, inclusive: bool) -> None:
        if self.low is None or value > self.low or (value == self.low and not inclusive):
            self.low, self.low_inclusive = value, inclusive

    def merge_high(self, value: float, inclusive: bool) -> None:
        if self.high is None or value < self.high or (value == self.high and not inclusive):
            self.high, self.high_inclusive = value, inclusive


_CAST_RE = re.compile(
    r"::(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
    r"(?:\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*))?"
    r"(?:\s+(?:varying|precision|with\s+time\s+zone|without\s+time\s+zone))?"
    r"(?:\(\d+(?:\s*,\s*\d+)?\))?(?:\[\])*"
)
_ATOM = r"(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
_PAREN_ATOM_RE = re.compile(r"(?<![A-Za-z0-9_$\"])\(\s*(" + _ATOM + r")\s*\)")
_IDENT = r"(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)"
_LITERAL = r"('(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
_OP = r"(>=|<=|<>|!=|=|>|<)"
_COMPARE_RE = re.compile(rf"^{_IDENT}\s*{_OP}\s*{_LITERAL}$")
_COMPARE_REVERSED_RE = re.compile(rf"^{_LITERAL}\s*{_OP}\s*{_IDENT}$")
_COLUMNS_RE = re.compile(rf"^{_IDENT}\s*{_OP}\s*{_IDENT}$")
_ANY_RE = re.compile(
    rf"^{_IDENT}\s*=\s*ANY\s*\(*\s*ARRAY\[(.*)\]\s*\)*$", re.IGNORECASE | re.DOTALL
)
_LENGTH_RE = re.compile(
    rf"^(?:char_length|character_length|length)\({_IDENT}\)\s*{_OP}\s*(\d+)$", re.IGNORECASE
)
_NOT_NULL_RE = re.compile(rf"^{_IDENT}\s+IS\s+NOT\s+NULL$", re.IGNORECASE)
_NULLNESS = rf"\(\s*{_IDENT}\s+IS\s+(NOT\s+)?NULL\s*\)"
# arize-phoenix's users: (password_hash IS NULL) = (password_salt IS NULL), and
# (password_hash IS NULL) <> (oauth2_client_id IS NULL): one way to log in or the other.
_NULL_LINK_RE = re.compile(rf"^{_NULLNESS}\s*(=|<>|!=)\s*{_NULLNESS}$", re.IGNORECASE)
_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "=": "=", "<>": "<>", "!=": "!="}


def _normalize_check(expression: str) -> str:
    text = _CAST_RE.sub("", expression)
    while True:
        simpler = _PAREN_ATOM_RE.sub(r"\1", text)
        if simpler == text:
            break
        text = simpler
    return _strip_parens(text.strip())


def _strip_parens(text: str) -> str:
    while text.startswith("(") and text.endswith(")") and _closing_paren(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _unquoted(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, bracket depth after it) of each character outside quotes."""
    depth, quote = 0, ""
    for position in range(start, len(text)):
        char = text[position]
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        yield position, char, depth


def _closing_paren(text: str, start: int) -> int:
    for position, char, depth in _unquoted(text, start):
        if char in ")]" and depth == 0:
            return position
    return -1


def _split_top_level(text: str, keyword: str) -> list[str]:
    parts, last = [], 0
    upper = text.upper()
    needle = f" {keyword} "
    for position, _, depth in _unquoted(text):
        if position >= last and depth == 0 and upper.startswith(needle, position):
            parts.append(text[last:position])
            last = position + len(needle)
    parts.append(text[last:])
    return [_strip_parens(part.strip()) for part in parts]


def _unquote_ident(text: str) -> str:
    if text.startswith('"'):
        return text[1:-1].replace('""', '"')
    return text.lower()


def _literal_text(text: str) -> str:
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def _as_number(text: str) -> float | None:
    try:
        value = float(_literal_text(text))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _split_literals(text: str) -> list[str] | None:
    values: list[str] = []
    for part in re.finditer(rf"\s*{_LITERAL}\s*(?:,|$)", text):
        values.append(_literal_text(part.group(1)))
    rebuilt = re.sub(rf"\s*{_LITERAL}\s*(?:,|$)", "", text).strip()
    return values if values and not rebuilt else None


def _parse_check(expression: str, rules: dict[str, _Rules], value_name: str | None = None) -> bool:
    """Add what ``expression`` says about single columns to ``rules``; False if not understood.

    ``value_name`` maps a domain's ``VALUE`` onto the column the domain types.
    """
    understood = True
    normalized = _normalize_check(expression)
    disjuncts = _split_top_level(normalized, "OR")
    if len(disjuncts) > 1:
        # Values satisfying one disjunct satisfy the CHECK: take the first that is not
        # "x IS NULL" (our NULLs pass any CHECK anyway).
        chosen = [d for d in disjuncts if not re.fullmatch(rf"{_IDENT}\s+IS\s+NULL", d, re.I)]
        normalized = chosen[0] if chosen else disjuncts[0]
    for term in _split_top_level(normalized, "AND"):

        def rule(ident: str) -> _Rules:
            name = _unquote_ident(ident)
            if value_name is not None and name == "value":
                name = value_name
            return rules.setdefault(name, _Rules())

        if match := _COMPARE_RE.match(term):
            ident, op, literal = match.groups()
        elif match := _COMPARE_REVERSED_RE.match(term):
            literal, op, ident = match.groups()
            op = _FLIP[op]
        else:
            ident = op = literal = ""
        if ident:
            number = _as_number(literal)
            target = rule(ident)
            if op == "=":
                target.allowed = [_literal_text(literal)]
            elif number is None or op in ("<>", "!="):
                # Dates, "<> ''": our values satisfy the usual ones; a probe catches the rest.
                understood = understood and op in ("<>", "!=")
            elif op in (">", ">="):
                target.merge_low(number, op == ">=")
            else:
                target.merge_high(number, op == "<=")
            continue
        if match := _ANY_RE.match(term):
            values = _split_literals(match.group(2))
            if values is None:
                understood = False
            else:
                target = rule(match.group(1))
                target.allowed = (
                    values
                    if target.allowed is None
                    else [value for value in target.allowed if value in values]
                )
            continue
        if match := _LENGTH_RE.match(term):
            ident, op, number_text = match.groups()
            target, number = rule(ident), int(number_text)
            if op in ("<", "<="):
                limit = number - (op == "<")
                target.max_length = (
                    limit if target.max_length is None else min(limit, target.max_length)
                )
            elif op in (">", ">="):
                target.min_length = max(target.min_length or 0, number + (op == ">"))
            elif op == "=":
                target.min_length = target.max_length = number
            continue
        if match := _NOT_NULL_RE.match(term):
            rule(match.group(1)).not_null = True
            continue
        if match := _NULL_LINK_RE.match(term):
            left, left_not, op, right, right_not = match.groups()
            same = (op == "=") == (bool(left_not) == bool(right_not))
            rule(left).null_links.append((_unquote_ident(right), same))
            rule(right).null_links.append((_unquote_ident(left), same))
            continue
        if match := _COLUMNS_RE.match(term):
            left, op, right = match.groups()
            if op in (">", ">="):
                rule(left).above.append((_unquote_ident(right), op == ">"))
                continue
            if op in ("<", "<="):
                rule(right).above.append((_unquote_ident(left), op == "<"))
                continue
        understood = False
    return understood
