"""The summary: a small index of the data folder, so that start-up, ``practice`` and ``questions``
do not validate five years of records every time.

``summary.json`` holds, for every data file, its signature (inode, size, mtime) when last seen and
a projection of what the quick paths need: open questions and open practice tasks whole (as the
models dumped them), the due times of review cards, counts by status, session headers without
notes. It also says whether the file is *canonical*: every record in it is exactly what
``model_dump(mode="json")`` of its validated model gives, so its raw JSON can be printed as is.

The promises:

* It is derived data. Lost, damaged, foreign or stale, it is rebuilt from the records: a file
  whose signature differs from the one in the summary is read again, validated by the models (the
  one set of rules; there is no second validator), and its entry replaced. A kill at any instant
  therefore leaves the old or the new summary (atomic replace), and the old one is repaired on the
  next read (``tests/test_summary.py`` kills writers mid-update to check it).
* It is written under the store's lock, in the same locked section as the data file it follows
  (``Store._locked``), so writers keep it current; readers that repair it save their repair only
  if the lock is free at once.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .version import SCHEMA_VERSION
from .files import APP_MARK, FILE_MODE, TEMP_MARK

if TYPE_CHECKING:
    from .store import Collection, Store

NAME = "summary.json"
KIND = "summary"
OPEN_QUESTION = ("open", "checking", "for_mentor")
OPEN_TASK = ("todo", "doing")
SESSION_HEAD = ("id", "mentor", "topic", "status", "scheduled_at", "started_at", "ended_at",
                "created_at", "rating")
#: The shape of the projections below; a summary of another format is rebuilt from the records.
FORMAT = 2


def replace_file(path: Path, data: bytes) -> None:
    """Atomically replace *path*, without fsync: the summary is derived data, so after a power
    loss a stale or empty one is merely rebuilt, and `ask` need not wait for two more fsyncs
    (measured: ask at five years went from ~1.2x to ~1.6x jrnl with them)."""
    tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb", closefd=False) as f:
            f.write(data)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def file_key(store: Store, path: Path) -> str:
    return path.relative_to(store.root).as_posix()


def signature(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def _placeholder(d: dict[str, Any]) -> bool:
    """``export.holds_nothing`` on a dumped session: planned, with nothing in it yet."""
    return d.get("status") == "planned" and not (
        d.get("agenda") or (d.get("notes") or "").strip() or d.get("entries") or d.get("takeaways")
        or (d.get("summary") or "").strip())


def project(kind: str, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the summary keeps of one data file's (validated, dumped) records."""
    out: dict[str, Any] = {"count": len(docs)}
    if kind == "questions":
        by: dict[str, int] = {}
        for d in docs:
            by[d["status"]] = by.get(d["status"], 0) + 1
        out["by_status"] = by
        out["solved_alone"] = sum(1 for d in docs if d.get("solved_alone"))
        # "solved on my own" as the inbox counts it (planning.solved_alone_share)
        out["alone"] = sum(1 for d in docs if d["status"] == "solved"
                           or (d["status"] == "answered" and d.get("solved_alone")))
        out["open"] = [d for d in docs if d["status"] in OPEN_QUESTION]
    elif kind == "tasks":
        out["open"] = [d for d in docs if d["status"] in OPEN_TASK]
    elif kind == "cards":
        out["due"] = sorted(_epoch(d["due_at"]) for d in docs if not d.get("suspended"))
    elif kind == "sessions":
        out["heads"] = [{**{k: d.get(k) for k in SESSION_HEAD}, "entries": len(d.get("entries") or ()),
                         "placeholder": _placeholder(d)} for d in docs]
    return out


class Summary:
    """The loaded summary of one data folder; see the module docstring."""

    def __init__(self, store: Store, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.store = store
        self.entries: dict[str, dict[str, Any]] = entries or {}
        #: Entries replaced (or removed: None) since loading, to merge into a fresher copy on save.
        self.touched: dict[str, dict[str, Any] | None] = {}

    @property
    def changed(self) -> bool:
        return bool(self.touched)

    @property
    def path(self) -> Path:
        return self.store.root / NAME

    # -- loading and repair --------------------------------------------------------------------

    @classmethod
    def load(cls, store: Store) -> Summary:
        """The summary as stored; an unreadable or foreign one counts as lost (it is rebuilt)."""
        try:
            data = orjson.loads((store.root / NAME).read_bytes())
            meta = data["_meta"]
            if meta.get("app") != APP_MARK or meta.get("kind") != KIND or meta.get("schema") != SCHEMA_VERSION \
                    or meta.get("format") != FORMAT:
                raise ValueError("not ours")
            entries = data["files"]
            if not isinstance(entries, dict):
                raise ValueError("damaged")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(store)
        return cls(store, entries)

    def refresh(self, colls: list[Collection]) -> Summary:
        """Bring the entries of *colls* up to date with the files on disk (stale ones re-read)."""
        for coll in colls:
            seen = set()
            for path in self.store.files(coll):
                key = file_key(self.store, path)
                seen.add(key)
                entry = self.entries.get(key)
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                if entry is None or entry.get("sig") != signature(st):
                    self.reread(coll, path)
            prefix = coll.name if coll.layout == "single" else coll.name + "/"
            for key in [k for k in self.entries if k.startswith(prefix) and k not in seen]:
                del self.entries[key]
                self.touched[key] = None
        return self

    def reread(self, coll: Collection, path: Path, *, trusted: bool = False) -> None:
        """Read one data file again and replace its entry.

        *trusted*: the file was written whole by this store from model dumps and its previous
        entry was canonical, so its records need no second validation.
        """
        found = self.store.read_raw(path)
        if found is None:
            key = file_key(self.store, path)
            self.entries.pop(key, None)
            self.touched[key] = None
            return
        raw, st = found
        docs, canonical = self.store.valid_docs(coll.model, path, raw, trusted=trusted)
        entry = project(coll.name, docs)
        entry["sig"] = signature(st)
        entry["canonical"] = canonical
        key = file_key(self.store, path)
        self.entries[key] = self.touched[key] = entry

    # -- saving --------------------------------------------------------------------------------

    def encode(self) -> bytes:
        return orjson.dumps(
            {"_meta": {"app": APP_MARK, "kind": KIND, "schema": SCHEMA_VERSION, "format": FORMAT}, "files": self.entries}
        )

    def save(self, *, loaded_under_lock: bool = False) -> None:
        """Merge what changed into the summary as it is on disk now, and atomically replace it
        (call with the store's lock held: another process may have saved since we loaded).

        *loaded_under_lock*: this summary was loaded while holding the lock that is still held,
        so nobody can have saved since (every save takes the lock) and reading it again is
        skipped (a 206 KB parse on every write at five years)."""
        if loaded_under_lock:
            replace_file(self.path, self.encode())
            self.touched = {}
            return
        fresh = Summary.load(self.store)
        for key, entry in self.touched.items():
            if entry is None:
                fresh.entries.pop(key, None)
            else:
                fresh.entries[key] = entry
        replace_file(self.path, fresh.encode())
        self.entries = fresh.entries
        self.touched = {}

    # -- queries -------------------------------------------------------------------------------

    def _of(self, name: str) -> list[dict[str, Any]]:
        prefix = name + "/"
        return [e for k, e in sorted(self.entries.items()) if k.startswith(prefix) or k == f"{name}.json"]

    def count(self, name: str) -> int:
        return sum(e.get("count", 0) for e in self._of(name))

    def open_questions(self) -> list[dict[str, Any]]:
        return [d for e in self._of("questions") for d in e.get("open", [])]

    def question_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self._of("questions"):
            for status, n in e.get("by_status", {}).items():
                out[status] = out.get(status, 0) + n
        return out

    def solved_alone_share(self) -> tuple[int, int]:
        """(solved alone, resolved in all), as ``planning.solved_alone_share`` counts them."""
        by = self.question_counts()
        alone = sum(e.get("alone", 0) for e in self._of("questions"))
        return alone, by.get("solved", 0) + by.get("answered", 0) + by.get("for_mentor", 0)

    def open_tasks(self) -> list[dict[str, Any]]:
        return [d for e in self._of("tasks") for d in e.get("open", [])]

    def cards_due(self, now: datetime) -> int:
        at = now.timestamp()
        return sum(bisect_right(e.get("due", []), at) for e in self._of("cards"))

    def card_due_times(self) -> list[float]:
        """The due times (epoch seconds) of every card not suspended, soonest first."""
        return sorted(t for e in self._of("cards") for t in e.get("due", []))

    def session_heads(self) -> list[dict[str, Any]]:
        return [h for e in self._of("sessions") for h in e.get("heads", [])]

    def is_canonical(self, path: Path, st: os.stat_result) -> bool:
        entry = self.entries.get(file_key(self.store, path))
        return bool(entry and entry.get("canonical") and entry.get("sig") == signature(st))
