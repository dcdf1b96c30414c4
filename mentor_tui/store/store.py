"""The Store: the only code that reads or writes mentor-tui's data files.

Layout under the data folder (every file a small TinyDB JSON document, see ``files.py``)::

    questions/2026-11.json      one file a month, by the month in the record's id
    tasks/  logs/  cards/  checks/   the same, for practice tasks, practice logs, review cards,
                                     equipment checks
    sessions/<id>.json          one file a session: its agenda, notes and entries
    materials.json              the learner's exercises and projects (a short list)
    backups/                    one zip a day, the last 7

Why this shape: the writes a learner makes all day (a question, a notes autosave, a practice log)
rewrite one small file whose size does not grow with the years, so year five costs what day one did.

Concurrency: readers need no lock (files are only ever replaced atomically, so a reader sees the old
or the new file). Every read-modify-write holds an inter-process file lock, opens the file fresh
inside it (so another process's write is never overwritten), and replaces it atomically.
Ids are ours (see ``models.new_id``), not TinyDB's per-process counters, so two processes cannot
collide on them.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.table import Table

from ..clock import utcnow
from ..ids import id_time, is_id
from .files import (
    DIR_MODE,
    FILE_MODE,
    TEMP_MARK,
    AtomicJSONStorage,
    CorruptFile,
    StoreError,
    atomic_write,
    decode,
    encode,
    fsync_dir,
    read_regular,
    read_regular_stat,
    remove_dead_temp_files,
    remove_stale_temp_files,
    set_aside_record,
)
from .lock import FolderLock, LockTimeout
from .pacing import Pacer
from .summary import Summary, file_key, signature

if TYPE_CHECKING:
    from ..models import Record

# The models (pydantic) are imported only where a record is validated: reading the summary at
# start-up, and the first screen drawn from it, need none of them (~60 ms of the app's start).

#: The table of tombstones in every data file: record id -> {"at": when it was deleted}.
DELETED_TABLE = "_deleted"


def next_stamp(previous: datetime) -> datetime:
    """``updated_at`` for an edit: now, but always after the version it was made from, so an edit
    wins over its parent in a sync merge even when this machine's clock is slow."""
    return max(utcnow(), previous + timedelta(milliseconds=1))

R = TypeVar("R", bound="Record")
V = TypeVar("V")
Layout = Literal["monthly", "per_record", "single"]


@dataclass(frozen=True)
class Collection:
    """Where one kind of record lives and how its files are cut. The model is named, not held,
    so that the collections exist before the models are imported."""

    name: str
    model_name: str
    layout: Layout

    @property
    def model(self) -> type[Record]:
        """The model class of this collection's records (imports the models on first use)."""
        from .. import models

        return getattr(models, self.model_name)


@dataclass(frozen=True)
class View:
    """A light form of a kind's records, for :meth:`Store.all` (``inbox_rows.question_row``).
    Called on a validated model; *from_dump* makes the same from a record's JSON dump, for a
    file the summary knows the store wrote itself after validating it (canonical: as ``docs``
    prints such files as stored, nothing is validated again)."""

    from_model: Callable
    from_dump: Callable[[dict], object] | None = None

    def __call__(self, record):
        return self.from_model(record)


class _Collections(Mapping):
    """The collections by model class, as a read-only mapping. A class is looked up by its name,
    so nothing here needs the model classes themselves until a record is read or written."""

    def __init__(self, *colls: Collection) -> None:
        self._by_name = {c.model_name: c for c in colls}

    def __getitem__(self, model: type[Record]) -> Collection:
        return self._by_name[model.__name__]

    def __iter__(self) -> Iterator[type[Record]]:
        return (c.model for c in self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def values(self):  # no model import: most callers only want the collections
        return self._by_name.values()


COLLECTIONS: Mapping[type[Record], Collection] = _Collections(
    Collection("questions", "Question", "monthly"),
    Collection("sessions", "Session", "per_record"),
    Collection("tasks", "PracticeTask", "monthly"),
    Collection("logs", "PracticeLog", "monthly"),
    Collection("cards", "ReviewCard", "monthly"),
    Collection("checks", "EquipmentCheck", "monthly"),
    Collection("materials", "Material", "single"),
)


_MONTH_FILE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\.json$")


def is_canonical(coll: Collection, name: str) -> bool:
    """True for the file names the store itself writes in *coll*'s folder.

    Only these are read: anything else ending in ``.json`` (a file syncer's conflict copy, a file
    the learner dropped there) would otherwise be read as more records (doubling them) or fail
    start-up because its name is not an id.
    """
    if coll.layout == "single":
        return name == f"{coll.name}.json"
    if coll.layout == "per_record":
        return name.endswith(".json") and is_id(name[:-5])
    return bool(_MONTH_FILE.match(name))


class _StrIdTable(Table):
    """A TinyDB table keyed by our own string ids."""

    document_id_class = str  # type: ignore[assignment]


class _DB(TinyDB):
    table_class = _StrIdTable


def checked(record: R) -> R:
    """*record* validated again: ``model_copy(update=...)`` skips pydantic's checks, so a record
    changed that way (a title pasted over the limit, a wrong type) is refused here, at the boundary,
    with a one-line reason, never written."""
    from ..models import ValidationError, describe_error

    try:
        return type(record).model_validate(record.model_dump())
    except ValidationError as exc:
        raise StoreError(describe_error(exc)) from None


class Store:
    """Typed access to the data folder; hands out models, never raw dicts."""

    def __init__(self, root: Path, *, lock_timeout: float = 15.0,
                 on_warning: Callable[[str], None] | None = None) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._thread_lock = threading.RLock()
        self._file_lock: FolderLock | None = None
        #: Non-canonical ``*.json`` files seen in collection folders (ignored; reported once).
        self.ignored: set[Path] = set()
        self._reported: set[Path] = set()
        self._lock_depth = 0
        #: Files written in the current locked section, with their signature before the write;
        #: the summary follows them when the outermost section ends.
        self._written: dict[Path, tuple[Collection, list[int] | None]] = {}
        #: Called once per damaged record with a one-line warning; without it, warnings queue up
        #: for :meth:`take_warnings` (the app shows them as toasts).
        self.on_warning = on_warning
        self._warnings: list[str] = []
        self._warned: set[tuple] = set()
        self._warn_lock = threading.Lock()
        #: The valid records of each data file :meth:`all` has read, with the file's signature
        #: (inode, size, mtime) when read: a file not replaced since is not read again, and every
        #: caller (each screen, the history) shares one copy of its records instead of making
        #: its own. Shared, so callers never mutate them (see :meth:`all`).
        self._kept: dict[Path, tuple[list[int], list]] = {}
        #: The same for readers asking for a light form of the records (``all(view=...)``), per
        #: view: their models are not kept.
        self._views: dict[Callable, dict[Path, tuple[list[int], list]]] = {}
        #: One lock per data file, held while :meth:`all` reads and validates it: two threads
        #: reading a kind at once (a job in the store lane, such as the cards' catch-up at
        #: start, beside a screen's read of the same kind) each parsed every file, and the
        #: copies the loser made were garbage at once, adding to the app's high-water mark.
        self._read_locks: dict[Path, threading.Lock] = {}
        self._read_locks_lock = threading.Lock()

    # -- opening ---------------------------------------------------------------------------------

    def open(self) -> Store:
        """Create the data folder (0700) if needed and clear temp files a killed writer left."""
        try:
            self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            if not self.root.is_dir():
                raise NotADirectoryError(f"{self.root} is not a folder")
        except OSError as exc:
            raise StoreError(f"cannot use data folder {self.root}: {_reason(exc)}") from None
        return self

    def cleanup(self) -> int:
        """Remove temp files left by killed writers (under the lock, so none is in flight), and
        backup temp files whose writer is gone (backups are written without the lock)."""
        with self._locked():
            folders = [self.root] + [self.root / c.name for c in COLLECTIONS.values()]
            removed = sum(remove_stale_temp_files(folder) for folder in folders)
        return removed + remove_dead_temp_files(self.backup_dir)

    # -- paths -----------------------------------------------------------------------------------

    def path_for(self, model: type[Record], record_id: str) -> Path:
        """The file that holds (or will hold) the record with *record_id*."""
        coll = COLLECTIONS[model]
        if coll.layout == "single":
            return self.root / f"{coll.name}.json"
        if not is_id(record_id):
            raise StoreError(f"{record_id!r} is not a valid id")
        if coll.layout == "per_record":
            return self.root / coll.name / f"{record_id}.json"
        return self.root / coll.name / f"{id_time(record_id):%Y-%m}.json"

    def files(self, kind: type[Record] | Collection) -> list[Path]:
        """Every existing data file of a collection (given by its model or itself), oldest first
        (canonical names only; others are remembered in :attr:`ignored`)."""
        coll = kind if isinstance(kind, Collection) else COLLECTIONS[kind]
        if coll.layout == "single":
            path = self.root / f"{coll.name}.json"
            return [path] if path.exists() else []
        folder = self.root / coll.name
        try:
            names = sorted(
                e.name
                for e in os.scandir(folder)
                if e.name.endswith(".json") and not e.name.startswith(".")
            )
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read data folder {folder}: {_reason(exc)}") from None
        out = []
        for name in names:
            if is_canonical(coll, name):
                out.append(folder / name)
            else:
                self.ignored.add(folder / name)
        return out

    def stray_files(self) -> list[Path]:
        """Every ``*.json`` in the data folders that the store does not read (conflict copies a
        file syncer left, files dropped there by hand), sorted."""
        found: set[Path] = set()
        for coll in COLLECTIONS.values():
            folder = self.root if coll.layout == "single" else self.root / coll.name
            try:
                names = [e.name for e in os.scandir(folder) if e.is_file()]
            except OSError:
                continue
            for name in names:
                if name.startswith(".") or not name.endswith(".json"):
                    continue
                if coll.layout == "single":
                    if name.startswith(coll.name) and not is_canonical(coll, name):
                        found.add(folder / name)
                elif not is_canonical(coll, name):
                    found.add(folder / name)
        return sorted(found)

    def take_unreported(self) -> list[Path]:
        """Stray files not reported yet in this process (so the learner hears of each once)."""
        new = [p for p in self.stray_files() if p not in self._reported]
        self._reported.update(new)
        return new

    def signature(self, kind: type[Record] | Collection) -> tuple:
        """A cheap fingerprint of a collection's files (given by its model or itself); it changes
        when any process writes one."""
        out = []
        for path in self.files(kind):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            out.append((path.name, st.st_mtime_ns, st.st_size))
        return tuple(out)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, model: type[R], record_id: str) -> R | None:
        """The record with *record_id*, or None. A damaged one is set aside and raises StoreError
        (it is there, so None would invite a caller to make a second one)."""
        path = self.path_for(model, record_id)
        for record in self.kept_records(path) or ():
            if record.id == record_id:
                return record
        found = self._read_file(model, path)
        if found is None:
            return None
        raw, table = found
        doc = table.get(record_id)
        if doc is None:
            return None
        good, bad = self._validate(model, path, raw, {record_id: doc})
        if bad:
            raise StoreError(bad[0])
        return good[0]

    def all(self, model: type[R], *, pause: float | Callable[[], float] = 0.0, keep: bool = True,
            view: View | Callable[[R], V] | None = None) -> list[R] | list[V]:
        """Every valid record of a kind, oldest first. A record that fails validation is skipped
        and set aside (see :meth:`_validate`): one bad record never hides the collection.

        *pause*: seconds to sleep after each few milliseconds of work, for a reader in the
        background: validating five years of questions holds the GIL ~0.3 s, and the pauses let
        the UI thread (which shares it) paint and answer keys in between. A function is asked
        at each sleep (the app sleeps longer while a screen is being built); see ``Pacer``.

        *keep*: keep what was read for the next reader (the default: the screens that show a
        kind share one copy, and an unchanged file is not read again). False for a reader that
        only sums the records up: the practice logs, five years of which are ~1.2 MB of models
        that nothing shows one by one.

        *view*: a function making a record's light form (a :class:`View`, such as
        ``inbox_rows.question_row``). What is returned, and kept for the next reader asking for
        the same view, is then the views, and each file's models are let go once it is read:
        the screens list five years of questions, and as models they were ~6 MB, the largest
        thing the app held. A file the summary knows to be canonical gives its views straight
        from its dumps (``View.from_dump``), validated when they were written."""
        out: list = []
        name = COLLECTIONS[model].name
        paths = self.files(model)
        views = self._views.setdefault(view, {}) if view is not None else None
        from_dump = getattr(view, "from_dump", None)
        summary: Summary | None = None  # read when a file is, if *view* can use canonical dumps
        pacer = Pacer(pause)
        for path in paths:
            records = self._kept_for(path, views, view)
            if records is not None:
                out.extend(records)
                continue
            with self._reading(path):
                records = self._kept_for(path, views, view)  # read meanwhile by the thread that held it
                if records is None:
                    found = self.read_raw(path)
                    if found is None:
                        continue
                    raw, st = found
                    table = decode(path, raw, name).get(name, {})
                    if from_dump is not None and summary is None:
                        summary = self.summary([model])
                    records = None
                    if from_dump is not None and summary.is_canonical(path, st):
                        try:
                            records = [from_dump(d) for d in table.values()]
                        except (KeyError, TypeError, ValueError, AttributeError):
                            records = None  # not the shape its summary entry promised: validate
                    if records is None:
                        records = self._validate(model, path, raw, table)[0] if table else []
                        if views is not None:
                            records = [view(r) for r in records]
                    if views is not None:
                        views[path] = (signature(st), records)
                    elif keep:
                        self._kept[path] = (signature(st), records)
            out.extend(records)
            pacer.tick()
        # Files gone since (a deleted session's): their records are not kept for nothing.
        gone = {p for p, (_sig, records) in list(self._kept.items())
                if records and isinstance(records[0], model)} - set(paths)
        for path in gone:
            self._kept.pop(path, None)
        if views is not None:
            for path in set(views) - set(paths):
                views.pop(path, None)
        out.sort(key=lambda r: r.id)
        return out

    def _kept_for(self, path: Path, views: dict | None, view: Callable | None) -> list | None:
        """What :meth:`all` kept of *path* (its models, or their *view* in *views*) if the file
        is unchanged since; views are made from kept models rather than read again."""
        if views is None:
            return self.kept_records(path)
        sig = _signature_of(path)
        got = views.get(path)
        if got is not None and got[0] == sig:
            return got[1]
        kept = self._kept.get(path)
        if kept is not None and kept[0] == sig:
            made = [view(r) for r in kept[1]]
            views[path] = (sig, made)
            return made
        return None

    def _reading(self, path: Path) -> threading.Lock:
        """The lock :meth:`all` holds while it reads and validates *path*."""
        with self._read_locks_lock:
            lock = self._read_locks.get(path)
            if lock is None:
                lock = self._read_locks[path] = threading.Lock()
            return lock

    def all_kept(self, model: type[R], view: Callable[[R], V] | None = None) -> list[R] | list[V] | None:
        """Every record of a kind (or its *view*, see :meth:`all`) if :meth:`all` has read every
        file of it and none changed since (nothing is read or validated here), else None: a
        caller that only wants to share the kept copy can then take a cheaper path
        (``Store.docs``)."""
        out: list = []
        views = self._views.setdefault(view, {}) if view is not None else None
        for path in self.files(model):
            kept = self._kept_for(path, views, view)
            if kept is None:
                return None
            out.extend(kept)
        out.sort(key=lambda r: r.id)
        return out

    def take_warnings(self) -> list[str]:
        """The warnings queued since the last call (each damaged record is reported once)."""
        with self._warn_lock:
            out, self._warnings = self._warnings, []
        return out

    def find(self, model: type[R], prefix: str) -> R:
        """The one record whose id starts with *prefix* (so the learner can type a short id)."""
        prefix = prefix.strip().lower()
        if is_id(prefix):
            found = self.get(model, prefix)
            if found:
                return found
        matches = [r for r in self.all(model) if r.id.startswith(prefix)] if prefix else []
        if len(matches) == 1:
            return matches[0]
        kind = COLLECTIONS[model].name.rstrip("s")
        if not matches:
            raise StoreError(f"no {kind} with id {prefix!r}")
        raise StoreError(f"{len(matches)} {kind}s have ids starting with {prefix!r}; type more")

    # -- one-time jobs -------------------------------------------------------------------------

    def done_once(self, job: str) -> bool:
        """Whether the one-time *job* (e.g. "cards-caught-up") has run on this data folder."""
        return (self.root / f".{job}").exists()

    def mark_done_once(self, job: str) -> None:
        """Remember that *job* has run, so it is not repeated at every start (an empty marker
        file, written atomically; not a data file, so sync and export leave it alone). Under the
        lock, like every write: ``cleanup`` deletes temp files it finds while holding it, and
        took this one's in flight ("cannot write .cards-caught-up", seen in a CI run)."""
        try:
            with self._locked():
                atomic_write(self.root / f".{job}", b"")
        except OSError as exc:
            raise StoreError(f"cannot write {self.root / f'.{job}'}: {_reason(exc)}") from None

    def summary(self, models: Iterable[type[Record]] | None = None) -> Summary:
        """The summary (see ``summary.py``), brought up to date for *models* (default: all).

        Only files changed since it was last saved are read (and validated); a repair is saved
        when the lock is free at once, so a reader never waits for a writer.
        """
        colls = [COLLECTIONS[m] for m in models] if models is not None else list(COLLECTIONS.values())
        summary = Summary.load(self).refresh(colls)
        if summary.changed:
            with self._try_locked() as got:
                if got:
                    try:
                        summary.save()
                    except OSError:
                        pass  # derived data: the next reader repairs it again
        return summary

    def docs(self, model: type[Record]) -> list[dict]:
        """Every record of a kind as its JSON dump, oldest first, reading only kilobytes of
        summary besides the records themselves: files the summary knows to be canonical are
        printed as stored, the others are validated by the models and dumped."""
        summary = self.summary([model])
        out = [d for path in self.files(model) for d in self.file_docs(model, path, summary)]
        out.sort(key=lambda d: d["id"])
        return out

    def file_docs(self, model: type[Record], path: Path, summary: Summary | None = None) -> list[dict]:
        """The records of one data file as JSON dumps (see :meth:`docs`); [] if it is gone."""
        summary = summary or self.summary([model])
        found = self.read_raw(path)
        if found is None:
            return []
        raw, st = found
        return self.valid_docs(model, path, raw, trusted=summary.is_canonical(path, st))[0]

    def kept_records(self, path: Path) -> list | None:
        """The records of one data file as :meth:`all` keeps them, if it read the file and the
        file is unchanged since; else None (nothing is read here)."""
        kept = self._kept.get(path)
        return kept[1] if kept is not None and kept[0] == _signature_of(path) else None

    def read_raw(self, path: Path) -> tuple[bytes, os.stat_result] | None:
        """The bytes of one data file and the stat of exactly those bytes, or None when there is
        no such file (a FIFO, device or oversize file is refused in one line, never waited on)."""
        try:
            return read_regular_stat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read data file {path}: {_reason(exc)}") from None

    def valid_docs(
        self, model: type[Record], path: Path, raw: bytes, *, trusted: bool = False
    ) -> tuple[list[dict], bool]:
        """The records of one data file's bytes as JSON dumps, and whether the file is canonical
        (stored exactly as the models write it, so it can be printed as is next time).

        *trusted*: already known canonical; nothing is validated. Otherwise every record goes
        through its model (the one set of validation rules), and one that fails is set aside
        with a warning, as in :meth:`all`.
        """
        name = COLLECTIONS[model].name
        table = decode(path, raw, name).get(name, {})
        docs = list(table.values())
        if trusted:
            return docs, True
        good, warnings = self._validate(model, path, raw, table)
        dumped = [r.model_dump(mode="json") for r in good]
        return dumped, not warnings and dumped == docs

    def check_all(self) -> int:
        """Read every data file once; raises CorruptFile for the first that is not ours."""
        count = 0
        for coll in COLLECTIONS.values():
            for path in self.files(coll):
                self._read_table(coll.model, path)
                count += 1
        return count

    # -- writing ---------------------------------------------------------------------------------

    def add(self, record: R) -> R:
        """Store a new record; returns once it is durably on disk."""
        record = checked(record)
        path = self.path_for(type(record), record.id)
        doc = record.model_dump(mode="json")

        def insert(t: dict) -> None:
            if record.id in t:
                raise StoreError(f"a record with id {record.id} already exists")
            t[record.id] = doc

        with self._write_table(type(record), path) as table:
            # One read (and one validation of the file's records) for the check and the insert:
            # ``contains`` then ``insert`` read and validated the file twice (~7 ms of `ask` at
            # five years). Raising in *insert* writes nothing.
            table._update_table(insert)
        return record

    def put(self, record: R) -> R:
        """Insert or replace a record whole (stamping ``updated_at``)."""
        record = record.model_copy(update={"updated_at": next_stamp(record.updated_at)})
        self.put_many([record], stamp=False)
        return record

    def put_many(self, records: Iterable[Record], *, stamp: bool = True) -> int:
        """Insert or replace many records with one write per file (import, benchmarks)."""
        by_file: dict[tuple[type[Record], Path], list[Record]] = {}
        now = utcnow()
        for record in records:
            if stamp:
                record = record.model_copy(update={"updated_at": now})
            record = checked(record)
            key = (type(record), self.path_for(type(record), record.id))
            by_file.setdefault(key, []).append(record)
        for (model, path), group in by_file.items():
            with self._write_table(model, path) as table:
                docs = {r.id: r.model_dump(mode="json") for r in group}

                def replace(t: dict, docs: dict = docs) -> None:
                    t.update(docs)

                table._update_table(replace)  # one read and one write for the whole group
        return sum(len(g) for g in by_file.values())

    def update(self, model: type[R], record_id: str, change: Callable[[R], R | None]) -> R:
        """Read-modify-write one record under the lock, so a concurrent change is not lost.

        *change* gets the freshest copy and returns the new record (or mutates it and returns None).
        """
        path = self.path_for(model, record_id)
        with self._write_table(model, path) as table:
            doc = table.get(doc_id=record_id)
            if doc is None:
                raise StoreError(f"no {COLLECTIONS[model].name.rstrip('s')} with id {record_id}")
            current = self._model(model, doc, path)
            new = change(current)
            new = current if new is None else new
            new = checked(new.model_copy(update={"updated_at": next_stamp(current.updated_at)}))
            table.update(new.model_dump(mode="json"), doc_ids=[record_id])
        return new

    def delete(self, model: type[Record], record_id: str) -> bool:
        """Remove a record; True if it was there.

        The file keeps a tombstone (``_deleted``: id -> time) so that a merge without a common base
        (sync, a file syncer's conflict copy) cannot bring the record back.
        """
        path = self.path_for(model, record_id)
        if not path.exists():
            return False
        kind = COLLECTIONS[model].name
        with self._locked():
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                return False
            data = decode(path, raw, kind)
            table = data.get(kind, {})
            if record_id not in table:
                return False
            del table[record_id]
            stones = data.setdefault(DELETED_TABLE, {})
            stones[record_id] = {"at": utcnow().isoformat().replace("+00:00", "Z")}
            try:
                atomic_write(path, encode(data, kind))
            except OSError as exc:
                raise StoreError(f"cannot write {path}: {_reason(exc)}") from None
        return True

    # -- backups ---------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    def backup_daily(self, keep: int = 7) -> Path | None:
        """Zip every data file once a day into ``backups/``, keeping the last *keep* days.

        Returns the new backup's path, or None when today's already exists or there is no data.
        """
        target = self.backup_dir / f"mentor-tui-{time.strftime('%Y-%m-%d')}.zip"
        if target.exists():
            return None
        paths = [p for c in COLLECTIONS.values() for p in self.files(c)]
        if not paths:
            return None
        self.backup_dir.mkdir(mode=DIR_MODE, exist_ok=True)
        # Private from the first byte (0600, never a moment world-readable), unique, and removed
        # on any failure (a full disk); one a killed app left is removed by cleanup() next start.
        import zipfile  # ~1.5 ms: off the path of `ask` and of start-up (backups run in a thread)

        tmp = target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as fh:
                with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                    for path in paths:
                        arcname = path.relative_to(self.root).as_posix()
                        try:  # read as the store reads: a FIFO or device here is skipped, not waited on
                            data = read_regular(path)
                            info = zipfile.ZipInfo.from_file(path, arcname)
                        except OSError:
                            continue
                        zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                fh.flush()
                os.fsync(fh.fileno())  # the zip's bytes are on disk before its name is
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        fsync_dir(self.backup_dir)
        old = sorted(self.backup_dir.glob("mentor-tui-*.zip"))[:-keep]
        for path in old:
            path.unlink(missing_ok=True)
        return target

    # -- internals -------------------------------------------------------------------------------

    def locked(self):
        """Hold the data folder's write lock (for sync, which writes whole files under it)."""
        return self._locked()

    def _lock(self) -> FolderLock:
        if self._file_lock is None:
            self._file_lock = FolderLock(self.root / ".lock", timeout=self.lock_timeout, mode=0o600)
        return self._file_lock

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                self._lock().acquire()
            except LockTimeout:
                raise StoreError(
                    f"data folder {self.root} is busy: another mentor-tui has held its lock for "
                    f"over {self.lock_timeout:.0f} s"
                ) from None
            except OSError as exc:
                raise StoreError(f"cannot write to data folder {self.root}: {_reason(exc)}") from None
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                try:
                    if self._lock_depth == 0 and self._written:
                        self._follow_writes()
                finally:
                    self._lock().release()

    @contextmanager
    def _try_locked(self) -> Iterator[bool]:
        """The lock if it is free at once (True), else nothing (False)."""
        if not self._thread_lock.acquire(blocking=False):
            yield False
            return
        try:
            try:
                self._lock().acquire(timeout=0)
            except (LockTimeout, OSError):
                yield False
                return
            try:
                yield True
            finally:
                self._lock().release()
        finally:
            self._thread_lock.release()

    def _follow_writes(self) -> None:
        """Bring the summary up to date with the files written under this lock. The data is
        already durable; a failure here only leaves the summary stale, and readers repair it."""
        written, self._written = self._written, {}
        try:
            summary = Summary.load(self)
            for path, (coll, before) in written.items():
                entry = summary.entries.get(file_key(self, path))
                # Written whole from model dumps over a file known canonical (or a new file).
                trusted = (entry is None and before is None) or bool(
                    entry and entry.get("canonical") and entry.get("sig") == before)
                summary.reread(coll, path, trusted=trusted)
            summary.save(loaded_under_lock=True)
        except (StoreError, OSError, ValueError):
            pass

    @contextmanager
    def _write_table(self, model: type[Record], path: Path) -> Iterator[Table]:
        coll = COLLECTIONS[model]

        def check(raw: bytes, data: dict) -> None:  # a damaged record is copied aside before any rewrite
            table = data.get(coll.name)
            if isinstance(table, dict) and table:
                self._validate(model, path, raw, table)

        with self._locked():
            try:
                before = signature(path.stat()) if path.exists() else None
            except OSError:
                before = None
            try:
                path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
                db = _DB(storage=AtomicJSONStorage, path=path, kind=coll.name, on_read=check)
                yield db.table(coll.name)
            except OSError as exc:
                raise StoreError(f"cannot write {path}: {_reason(exc)}") from None
            finally:
                self._written.setdefault(path, (coll, before))

    def _read_table(self, model: type[Record], path: Path) -> dict | None:
        """The raw table of one file (no lock needed: files are replaced atomically)."""
        found = self._read_file(model, path)
        return None if found is None else found[1]

    def _read_file(self, model: type[Record], path: Path) -> tuple[bytes, dict] | None:
        """The bytes of one file and its table, or None when there is no such file."""
        found = self.read_raw(path)
        if found is None:
            return None
        raw = found[0]
        coll = COLLECTIONS[model]
        return raw, decode(path, raw, coll.name).get(coll.name, {})

    def _validate(self, model: type[R], path: Path, raw: bytes, table: dict) -> tuple[list[R], list[str]]:
        """The valid records of *table*, and one warning per damaged one.

        A damaged record stays in its file (TinyDB carries it through later writes untouched),
        and the file as it was found is copied aside once, byte for byte, as
        ``<name>.corrupt-<id>-<hash>``, so nothing is lost even if a rewrite changes its bytes.
        """
        from ..models import ValidationError, describe_error

        good: list[R] = []
        warnings: list[str] = []
        for key, doc in table.items():
            try:
                good.append(model.model_validate(doc))
            except ValidationError as exc:
                warnings.append(self._set_aside(path, raw, str(key), doc, describe_error(exc)))
        return good, warnings

    def _set_aside(self, path: Path, raw: bytes, key: str, doc: object, reason: str) -> str:
        rid = doc.get("id") if isinstance(doc, dict) and isinstance(doc.get("id"), str) else key
        rid = re.sub(r"[^A-Za-z0-9_.-]", "?", rid)[:40] or "?"
        try:
            body = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            body = repr(doc).encode()
        digest = hashlib.sha256(key.encode() + b"\0" + body).hexdigest()[:12]
        copy = set_aside_record(path, raw, f"{rid.replace('?', '_')}-{digest}")
        kept = f"; a copy of the file as found is {copy.name}" if copy else ""
        message = (f"data file {path}: record {rid} is damaged ({reason}); it is skipped and "
                   f"kept in the file{kept}")
        with self._warn_lock:
            first = (str(path), key, digest) not in self._warned
            self._warned.add((str(path), key, digest))
            if first and self.on_warning is None:
                self._warnings.append(message)
        if first and self.on_warning is not None:
            self.on_warning(message)
        return message

    @staticmethod
    def _model(model: type[R], doc: dict, path: Path) -> R:
        from ..models import ValidationError, describe_error

        try:
            return model.model_validate(doc)
        except ValidationError as exc:
            rid = doc.get("id", "?") if isinstance(doc, dict) else "?"
            raise StoreError(f"data file {path}: record {rid}: {describe_error(exc)}") from None


def _signature_of(path: Path) -> list[int] | None:
    try:
        return signature(os.stat(path))
    except OSError:
        return None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


__all__ = ["COLLECTIONS", "CorruptFile", "Store", "StoreError", "atomic_write"]
