"""Data files as the merge sees them: which collection a path belongs to, bytes in, bytes out.

The bytes written by a merge are canonical (keys sorted, records by id), so two machines that
merged the same versions write identical files and git sees no change between them.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import orjson

from ..models import ValidationError, describe_error
from ..store.version import SCHEMA_VERSION
from ..store.files import APP_MARK, StoreError, decode
from ..store.store import COLLECTIONS, Collection, is_canonical
from .merge import MergeRefused, MergeResult, Side, Tables, merge_tables

BY_NAME: dict[str, Collection] = {c.name: c for c in COLLECTIONS.values()}


def collection_for(rel: str) -> Collection | None:
    """The collection a data file belongs to, from its path relative to the data folder (None when
    the path is not a canonical data file name)."""
    parts = PurePosixPath(rel).parts
    if len(parts) == 1:
        for coll in BY_NAME.values():
            if coll.layout == "single" and is_canonical(coll, parts[0]):
                return coll
        return None
    if len(parts) == 2:
        coll = BY_NAME.get(parts[0])
        if coll is not None and coll.layout != "single" and is_canonical(coll, parts[1]):
            return coll
    return None


def data_files(root: Path) -> list[str]:
    """Relative paths (posix) of every canonical data file under *root*, sorted."""
    out = []
    for coll in BY_NAME.values():
        if coll.layout == "single":
            if (root / f"{coll.name}.json").is_file():
                out.append(f"{coll.name}.json")
            continue
        folder = root / coll.name
        try:
            names = sorted(p.name for p in folder.iterdir() if p.is_file())
        except OSError:
            continue
        out.extend(f"{coll.name}/{n}" for n in names if is_canonical(coll, n))
    return sorted(out)


def load(rel: str, raw: bytes | None) -> Tables | None:
    """Decode one version of a data file; None for an absent or empty one (no base)."""
    if raw is None or not raw.strip():
        return None
    coll = collection_for(rel)
    if coll is None:
        raise MergeRefused(f"{rel} is not a mentor-tui data file name")
    try:
        return decode(Path(rel), raw, coll.name, keep_copy=False)
    except StoreError as exc:
        raise MergeRefused(getattr(exc, "reason", None) or str(exc)) from None


def dump(rel: str, tables: Tables) -> bytes:
    """Canonical bytes of a data file (sorted keys, our mark)."""
    coll = collection_for(rel)
    assert coll is not None, rel
    out = {"_meta": {"1": {"app": APP_MARK, "kind": coll.name, "schema": SCHEMA_VERSION}}, **tables}
    return orjson.dumps(out, option=orjson.OPT_SORT_KEYS)


def merge_bytes(rel: str, base: bytes | None, ours: bytes | None, theirs: bytes | None,
                names: tuple[str, str] = ("", "")) -> tuple[bytes, MergeResult]:
    """Merge three versions of one data file; raises MergeRefused when they cannot be joined."""
    coll = collection_for(rel)
    if coll is None:
        raise MergeRefused(f"{rel} is not a mentor-tui data file name")
    o, a, b = load(rel, base), load(rel, ours), load(rel, theirs)
    result = merge_tables(coll.name, Side(o), Side(a, names[0]), Side(b, names[1]))
    whole = {id(r) for t in (a, b) if t for r in (t.get(coll.name) or {}).values()}
    for rid, record in (result.tables.get(coll.name) or {}).items():
        if id(record) in whole:
            continue  # taken whole from a side that the store already accepted
        try:
            coll.model.model_validate(record)
        except ValidationError as exc:
            raise MergeRefused(f"merged record {rid}: {describe_error(exc)}") from None
    return dump(rel, result.tables), result
