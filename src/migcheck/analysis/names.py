"""Identifiers as PostgreSQL sees them: unquoted names fold to lower case, ``public`` is implied."""

from __future__ import annotations

import re

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def ident(text: str) -> str:
    """One identifier: ``"Foo"`` -> ``Foo``, ``Foo`` -> ``foo``."""
    text = text.strip()
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text.lower()


def qualified(text: str) -> str:
    """A possibly schema-qualified name, normalised; ``public.`` is dropped."""
    parts = split_qualified(text)
    if len(parts) > 1 and parts[-2] == "public":
        parts = parts[-1:]
    return ".".join(parts)


def split_qualified(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    in_quotes = False
    for char in text.strip():
        if char == '"':
            in_quotes = not in_quotes
            current += char
        elif char == "." and not in_quotes:
            parts.append(ident(current))
            current = ""
        else:
            current += char
    if current:
        parts.append(ident(current))
    return parts


def bare(name: str) -> str:
    """``billing.orders`` -> ``orders``."""
    return name.rsplit(".", 1)[-1]
