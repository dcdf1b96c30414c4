"""The record merge: one pure function that joins two versions of a data file against their base.

It serves git's merge driver, the sync round (snapshot and apply) and the fold-in of a file
syncer's conflict copies, so every path that joins two histories follows the same rules:

- per record id, against the base: a side that alone differs from the base wins (add, edit,
  delete); a record deleted on one side and edited on the other is kept, and reported;
- when both sides changed a record, per field: a one-sided change wins; otherwise typed text is
  merged by lines (overlapping edits keep **both** versions in a marked block), tags and takeaways
  by a 3-way set merge, entries and agenda item by item, status groups whole from the more advanced
  side, an FSRS card whole from the side with more reviews, any other value from the later
  ``updated_at`` (a tie goes to the larger hash);
- deletions leave tombstones (the ``_deleted`` table: ``{id: {"at": time}}``), so a merge without a
  base (a conflict copy, a re-import, a restored backup) cannot bring a deleted record back.

The result does not depend on which side is "ours": every choice is made from the values alone, so
the merge is symmetric and all machines converge. No Textual, no store, no disk except the
temporary files ``git merge-file`` reads.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson

Tables = dict[str, Any]
DELETED = "_deleted"
_MISSING = object()

#: Typed, multi-line text merged line by line. Single-line titles are plain values (newest wins):
#: a conflict block cannot fit on one line.
TEXT_FIELDS: dict[str, frozenset[str]] = {
    "questions": frozenset({"text", "details", "answer"}),
    "sessions": frozenset({"notes", "summary"}),
    "tasks": frozenset({"details", "source", "drop_reason"}),
    "logs": frozenset({"note"}),
    "cards": frozenset({"text"}),
    "materials": frozenset({"notes"}),
    "checks": frozenset(),
}
ENTRY_TEXT = frozenset({"text", "lesson"})
SET_FIELDS = frozenset({"tags", "takeaways", "attempts"})
#: Lists merged item by item, by the key named here.
ID_LISTS = {"entries": "id", "agenda": "question_id"}
TAG_LIMIT = 20

_SESSION_RANK = {"planned": 0, "live": 1, "ended": 2, "cancelled": 2, "missed": 2}
_TASK_RANK = {"todo": 0, "doing": 1, "done": 2, "dropped": 2}
_QUESTION_RANK = {"open": 0, "checking": 1, "for_mentor": 2, "solved": 3, "answered": 3, "dropped": 3}

#: Fields that only make sense together, taken whole from one side, and how to rank a side.
GROUPS: dict[str, list[tuple[tuple[str, ...], Any]]] = {
    "sessions": [(("status", "started_at", "ended_at"), lambda r: _SESSION_RANK.get(r.get("status"), 0))],
    "tasks": [(("status", "done_at", "drop_reason"), lambda r: _TASK_RANK.get(r.get("status"), 0))],
    "questions": [
        (("status", "answered_at", "solved_alone"), lambda r: _QUESTION_RANK.get(r.get("status"), 0))
    ],
    "cards": [(("card", "due_at", "last_rating", "reviews"), lambda r: r.get("reviews") or 0)],
}


class MergeRefused(Exception):
    """The two versions cannot be joined (foreign or newer data); nothing should change."""


@dataclass
class Side:
    """One version of a data file: its tables, and a name for conflict labels ("laptop")."""

    tables: Tables | None
    name: str = ""


@dataclass
class MergeResult:
    tables: Tables
    #: One line per thing the learner should hear about (a kept deletion, a notes conflict).
    reports: list[str] = field(default_factory=list)
    conflicts: int = 0


# -- small helpers -------------------------------------------------------------------------------


def parse_time(value: Any) -> datetime:
    """A stored timestamp as an aware datetime (the epoch for anything unreadable)."""
    if isinstance(value, str):
        try:
            at = datetime.fromisoformat(value)
            return at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return datetime.fromtimestamp(0, tz=timezone.utc)


def format_time(at: datetime) -> str:
    """The way pydantic writes our timestamps (``...Z``), so merged records read back the same."""
    text = at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return text


def _digest(value: Any) -> bytes:
    return hashlib.sha1(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).digest()


def _order_key(value: Any, record: dict) -> tuple:
    """How two concurrent values are ordered: the record's ``updated_at``, then the value's hash."""
    return (parse_time(record.get("updated_at")), _digest(value))


def _get(record: dict | None, name: str) -> Any:
    return _MISSING if record is None else record.get(name, _MISSING)


# -- text ----------------------------------------------------------------------------------------


def _label(record: dict, name: str) -> str:
    at = parse_time(record.get("updated_at"))
    label = f"saved {at:%Y-%m-%d %H:%M} UTC"
    return f"{label} ({name})" if name else label


def merge_text(base: str, first: str, second: str, first_label: str, second_label: str) -> tuple[str, int]:
    """Three-way line merge; overlapping edits keep both, *first* above *second*.

    Uses ``git merge-file`` (the same algorithm as git's own merges); without git, both versions are
    kept whole in one block, which loses nothing either.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="mentor-tui-merge-") as tmp:
            paths = []
            for name, text in (("first", first), ("base", base), ("second", second)):
                path = os.path.join(tmp, name)
                with open(path, "wb") as fh:
                    fh.write(text.encode("utf-8"))
                paths.append(path)
            proc = subprocess.run(
                ["git", "merge-file", "-p", "-L", first_label, "-L", "base", "-L", second_label, *paths],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
                env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"},
            )
        if 0 <= proc.returncode < 128:
            return proc.stdout.decode("utf-8", errors="surrogateescape"), proc.returncode
    except (OSError, subprocess.SubprocessError):
        pass
    first_body = first if first.endswith("\n") or not first else first + "\n"
    second_body = second if second.endswith("\n") or not second else second + "\n"
    block = f"<<<<<<< {first_label}\n{first_body}=======\n{second_body}>>>>>>> {second_label}\n"
    return block, 1


# -- lists ---------------------------------------------------------------------------------------


def _set_merge(base: Any, a: list, b: list, a_first: bool) -> list:
    """3-way set merge keeping the order of the side that comes first."""
    base_keys = {_digest(x) for x in base} if isinstance(base, list) else set()
    a_keys, b_keys = {_digest(x) for x in a}, {_digest(x) for x in b}
    removed = (base_keys - a_keys) | (base_keys - b_keys)
    first, second = (a, b) if a_first else (b, a)
    out, seen = [], set()
    for item in [*first, *second]:
        key = _digest(item)
        if key in seen or key in removed:
            continue
        seen.add(key)
        out.append(item)
    return out


def _merge_items(kind_text: frozenset[str], key: str, base: Any, a: list, b: list,
                 ra: dict, rb: dict, names: tuple[str, str], result: MergeResult) -> list:
    """Lists of dicts merged item by item, by *key*, with the record rules applied to each item."""
    def index(items: Any) -> dict:
        return {i.get(key): i for i in items if isinstance(i, dict)} if isinstance(items, list) else {}

    io, ia, ib = index(base), index(a), index(b)
    a_first = _order_key(a, ra) >= _order_key(b, rb)
    order = [*(a if a_first else b), *(b if a_first else a)]
    out, seen = [], set()
    for item in order:
        k = item.get(key) if isinstance(item, dict) else None
        if k in seen:
            continue
        seen.add(k)
        merged = _merge_one(io.get(k), ia.get(k), ib.get(k), lambda o, x, y: _merge_fields(
            o, x, y, text_fields=kind_text, groups=[], times=(ra, rb), names=names, result=result,
            id_lists={}))
        if merged is not None:
            out.append(merged)
    if key == "id":  # entries: in the order they were made
        out.sort(key=lambda e: (parse_time(e.get("at")), str(e.get("id"))))
    return out


# -- records -------------------------------------------------------------------------------------


def _merge_one(o: dict | None, a: dict | None, b: dict | None, both) -> dict | None:
    """Presence rules for one record or list item, given a function that merges two present ones."""
    if a is not None and b is not None:
        if a == b:
            return a
        if o is not None and a == o:
            return b
        if o is not None and b == o:
            return a
        return both(o, a, b)
    only = a if a is not None else b
    if only is None:
        return None
    if o is not None and only == o:
        return None  # deleted on one side, untouched on the other
    return only  # new on one side, or deleted on one side and edited on the other: kept


def _merge_fields(o: dict | None, a: dict, b: dict, *, text_fields, groups, times, names,
                  result: MergeResult, id_lists) -> dict:
    """Field by field: a one-sided change wins; otherwise the field's own rule."""
    ta, tb = times
    out: dict[str, Any] = {}
    grouped: set[str] = set()
    for fields, rank in groups:
        grouped.update(fields)
        va = {f: _get(a, f) for f in fields}
        vb = {f: _get(b, f) for f in fields}
        vo = {f: _get(o, f) for f in fields}
        plain_a = {f: (None if v is _MISSING else v) for f, v in va.items()}
        plain_b = {f: (None if v is _MISSING else v) for f, v in vb.items()}
        if va == vb or vb == vo:
            pick = va
        elif va == vo:
            pick = vb
        else:
            ka = (rank(a), *_order_key(plain_a, ta))
            kb = (rank(b), *_order_key(plain_b, tb))
            pick = va if ka >= kb else vb
        out.update({f: v for f, v in pick.items() if v is not _MISSING})
    names_in_order = list(dict.fromkeys([*a, *b]))
    for name in names_in_order:
        if name in grouped:
            continue
        va, vb, vo = _get(a, name), _get(b, name), _get(o, name)
        if va == vb:
            value = va
        elif vb == vo:
            value = va
        elif va == vo:
            value = vb
        elif va is _MISSING or vb is _MISSING:
            value = va if va is not _MISSING else vb
        elif name == "updated_at":
            value = format_time(max(parse_time(va), parse_time(vb)))
        elif name == "created_at":
            value = va if parse_time(va) <= parse_time(vb) else vb
        elif name in text_fields and isinstance(va, str) and isinstance(vb, str):
            if _order_key(va, ta) <= _order_key(vb, tb):  # the earlier version goes first
                first, rf, nf, second, rs, ns = va, ta, names[0], vb, tb, names[1]
            else:
                first, rf, nf, second, rs, ns = vb, tb, names[1], va, ta, names[0]
            base_text = vo if isinstance(vo, str) else ""
            value, conflicts = merge_text(base_text, first, second, _label(rf, nf), _label(rs, ns))
            result.conflicts += conflicts
        elif name in id_lists and isinstance(va, list) and isinstance(vb, list):
            value = _merge_items(ENTRY_TEXT, id_lists[name], vo if vo is not _MISSING else [],
                                 va, vb, ta, tb, names, result)
        elif name in SET_FIELDS and isinstance(va, list) and isinstance(vb, list):
            a_first = _order_key(va, ta) >= _order_key(vb, tb)
            value = _set_merge(vo, va, vb, a_first)
            if name == "tags":
                value = value[:TAG_LIMIT]
            elif name == "attempts":
                value.sort(key=lambda x: (parse_time(x.get("at")) if isinstance(x, dict) else 0, _digest(x)))
        else:
            value = va if _order_key(va, ta) >= _order_key(vb, tb) else vb
        if value is not _MISSING:
            out[name] = value
    if "updated_at" in out:
        out["updated_at"] = format_time(max(parse_time(a.get("updated_at")), parse_time(b.get("updated_at"))))
    return out


# -- files ---------------------------------------------------------------------------------------


def _tombstones(tables: Tables | None) -> dict[str, dict]:
    table = (tables or {}).get(DELETED)
    return {k: v for k, v in table.items() if isinstance(v, dict)} if isinstance(table, dict) else {}


def _alive(tables: Tables | None, kind: str) -> dict[str, dict]:
    """The records of one version, minus any its own tombstones say were deleted after their last
    edit (a re-import of an old export into a file that remembers the deletion)."""
    records = (tables or {}).get(kind)
    if not isinstance(records, dict):
        return {}
    dead = _tombstones(tables)
    return {
        rid: rec for rid, rec in records.items()
        if isinstance(rec, dict)
        and not (rid in dead and parse_time(dead[rid].get("at")) >= parse_time(rec.get("updated_at")))
    }


def merge_tables(kind: str, base: Side | Tables | None, ours: Side | Tables | None,
                 theirs: Side | Tables | None) -> MergeResult:
    """Join two versions of one data file of *kind* against their common *base* (None: no base)."""
    o, a, b = (s if isinstance(s, Side) else Side(s) for s in (base, ours, theirs))
    result = MergeResult(tables={})
    ro, ra, rb = _alive(o.tables, kind), _alive(a.tables, kind), _alive(b.tables, kind)
    tombs: dict[str, dict] = {}
    for source in (_tombstones(a.tables), _tombstones(b.tables)):
        for rid, stone in source.items():
            if rid not in tombs or _order_key(stone, {"updated_at": stone.get("at")}) > _order_key(
                tombs[rid], {"updated_at": tombs[rid].get("at")}
            ):
                tombs[rid] = stone
    names = (a.name, b.name)
    groups = GROUPS.get(kind, [])
    text_fields = TEXT_FIELDS.get(kind, frozenset())
    id_lists = ID_LISTS if kind == "sessions" else {}
    records: dict[str, dict] = {}
    for rid in sorted(set(ro) | set(ra) | set(rb)):
        x, y, base_rec = ra.get(rid), rb.get(rid), ro.get(rid)
        if base_rec is None and (x is None) != (y is None):
            only = x if x is not None else y
            stone = tombs.get(rid)
            if stone is not None and parse_time(stone.get("at")) >= parse_time(only.get("updated_at")):
                continue  # deleted elsewhere after this version was made: stays deleted
        merged = _merge_one(
            base_rec, x, y,
            lambda bo, bx, by: _merge_fields(bo, bx, by, text_fields=text_fields, groups=groups,
                                             times=(bx, by), names=names, result=result,
                                             id_lists=id_lists),
        )
        if merged is None:
            continue
        if base_rec is not None and (x is None or y is None):
            result.reports.append(
                f"{kind.rstrip('s')} {rid} was deleted on one machine and changed on another; kept"
            )
        stone = tombs.get(rid)
        if stone is not None and parse_time(stone.get("at")) >= parse_time(merged.get("updated_at")):
            merged = {**merged, "updated_at": format_time(parse_time(stone.get("at")) + timedelta(milliseconds=1))}
        records[rid] = merged
    out: Tables = {}
    if records or (a.tables and kind in a.tables) or (b.tables and kind in b.tables):
        out[kind] = records
    dead = {rid: stone for rid, stone in sorted(tombs.items()) if rid not in records}
    if dead:
        out[DELETED] = dead
    if result.conflicts:
        result.reports.append(f"{result.conflicts} overlapping edit(s) kept as both versions in a marked block")
    result.tables = out
    return result


def latest_time(tables: Tables | None, kind: str) -> datetime | None:
    """The newest ``updated_at`` (or tombstone) in a version, to spot a machine with a fast clock."""
    times = [parse_time(r.get("updated_at")) for r in _alive(tables, kind).values()]
    times += [parse_time(s.get("at")) for s in _tombstones(tables).values()]
    return max(times) if times else None
