"""Moving data files written by an older schema to the current one.

Files are migrated lazily, in memory, when they are read; the next write stores the new layout
(the write always stamps the current ``SCHEMA_VERSION``). To change the layout:

1. bump ``models.SCHEMA_VERSION`` to N+1;
2. add ``STEPS[N] = function(kind, tables) -> tables`` here that rewrites version-N tables;
3. add a test that decodes a version-N file and finds the new shape.

Version 1 is the first layout, so there are no steps yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, Any]

#: ``STEPS[n]`` turns the tables of a version-``n`` file into version ``n + 1``.
STEPS: dict[int, Callable[[str, Tables], Tables]] = {}


def migrate(kind: str, tables: Tables, version: int) -> Tables:
    """Apply every step from *version* up to the current schema."""
    from ..models import SCHEMA_VERSION

    while version < SCHEMA_VERSION:
        step = STEPS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version} for {kind!r} data")
        tables = step(kind, tables)
        version += 1
    return tables
