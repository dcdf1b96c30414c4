"""Counted nouns, one rule for the whole program: "1 question", "2 questions", "0 sessions".

Hand-made plurals (``f"{n} task{'s' * (n != 1)}"``) drift apart and miss irregular words; every
message that counts something goes through :func:`counted`.
"""

from __future__ import annotations

#: Nouns whose plural is not the singular plus "s".
IRREGULAR = {"entry": "entries", "match": "matches", "copy": "copies", "category": "categories",
             "child": "children", "person": "people"}


def plural(noun: str, n: int, many: str | None = None) -> str:
    """*noun* as it reads after the number *n* (*many*: the plural when it is irregular)."""
    if n == 1:
        return noun
    return many or IRREGULAR.get(noun) or noun + "s"


def counted(n: int, noun: str, many: str | None = None) -> str:
    """"1 question", "3 questions", "2 entries" (thousands separated: "1,200 questions")."""
    return f"{n:,} {plural(noun, n, many)}"
