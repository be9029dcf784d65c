"""The fixed vocabulary of generated text: names, words, cities, documents.

Precomputed once and the same on every run, so that two seeds write the same data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence


def _words(text: str) -> list[str]:
    return text.split()


_FIRST_NAMES = _words(
    "Ada Alan Alice Amir Ana Anna Ben Carla Chen David Elena Emma Fatima Felix Grace Hana "
    "Hugo Ines Ivan James Jonas Julia Kai Kenji Lara Leo Lina Lucas Maya Mia Mohamed Nina "
    "Noah Olga Omar Paula Priya Rosa Sam Sara Sofia Tom Uma Yuki Zoe"
)
_LAST_NAMES = _words(
    "Adams Baker Brown Chen Costa Davis Dubois Garcia Gomez Hansen Ito Jensen Kim Kowalski "
    "Lee Lopez Martin Meyer Muller Nguyen Novak Okafor Patel Petrov Rossi Sato Schmidt "
    "Silva Smith Suzuki Tanaka Taylor Walker Wang Weber Wilson Yilmaz Young"
)
_WORDS = _words(
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in "
    "reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
    "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "laborum"
)
_ADJECTIVES = _words(
    "Small Ergonomic Rustic Intelligent Gorgeous Incredible Fantastic Practical Sleek "
    "Awesome Generic Handcrafted Handmade Licensed Refined Tasty Durable Lightweight"
)
_NOUNS = _words(
    "Chair Car Computer Keyboard Mouse Bike Ball Gloves Pants Shirt Table Shoes Hat Towels "
    "Soap Tuna Chicken Fish Cheese Bacon Pizza Salad Sausages Chips Lamp Clock Wallet Watch"
)
_CITIES = _words(
    "Amsterdam Berlin Bogota Cairo Chicago Dublin Helsinki Jakarta Lagos Lisbon London "
    "Madrid Melbourne Montreal Mumbai Nairobi Osaka Paris Prague Rome Santiago Seoul "
    "Stockholm Sydney Tokyo Toronto Vienna Warsaw Zurich"
)
_COUNTRIES = _words("US DE FR GB JP CA BR IN NL SE ES IT PL AU MX KR NG KE CH AT")
_CURRENCIES = _words("USD EUR GBP JPY CAD AUD CHF SEK")
_STATUSES = _words("active pending inactive archived")
_COLORS = _words("red green blue black white yellow purple orange")
_LANGUAGES = _words("en de fr es ja pt it nl")
_LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum dolore eu fugiat nulla pariatur."
)


def _combinations(count: int, *pools: Sequence[str]) -> list[str]:
    """``count`` fixed combinations of one item per pool (the same on every run).

    Precomputed: picking one of 64 ready strings costs a fifth of concatenating picks per row.
    """
    chooser = random.Random(count * 31 + len(pools))
    return [" ".join(chooser.choice(pool) for pool in pools) for _ in range(count)]


def _paragraph(n: int) -> str:
    """Lorem ipsum of 20 to ~240 characters, starting at a different word each time."""
    words = _LOREM.split()
    start = (n * 5) % len(words)
    text = " ".join(words[start:] + words[:start])
    return text[: 20 + 14 * n].rsplit(" ", 1)[0].rstrip(",.") + "."


_FULL_NAMES = _combinations(96, _FIRST_NAMES, _LAST_NAMES)
_PRODUCT_NAMES = _combinations(96, _ADJECTIVES, _NOUNS)
_TITLES = [text.capitalize() for text in _combinations(64, _WORDS, _WORDS, _WORDS)]
_PHRASES = _combinations(64, _WORDS, _WORDS)
_STREETS = [word.capitalize() + " Street" for word in _WORDS[:32]]
_PARAGRAPHS = [_paragraph(n)[0].upper() + _paragraph(n)[1:] for n in range(16)]
_TAGS = _WORDS[:16]
_JSON_DOCUMENTS = [
    json.dumps(
        {
            "source": _WORDS[n],
            "score": (n * 37) % 100,
            "active": n % 3 != 0,
            "tags": _WORDS[n : n + n % 4],
            **({"address": {"city": _CITIES[n], "country": _COUNTRIES[n]}} if n % 2 else {}),
        },
        separators=(",", ":"),
    )
    for n in range(16)
]
