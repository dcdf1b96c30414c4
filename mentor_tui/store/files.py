"""The file-level promises: atomic replacement, a marked format, and never overwriting a stranger.

Every data file is a TinyDB JSON document with one extra table, ``_meta``, that says it is ours and
which schema version wrote it. A file that is empty, not JSON, or not marked as ours is reported,
copied aside as ``<name>.corrupt-<time>``, and never written to.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from .version import SCHEMA_VERSION
from . import migrations

APP_MARK = "mentor-tui"
TEMP_MARK = ".tmp-"
DIR_MODE = 0o700
FILE_MODE = 0o600


MiB = 1024 * 1024
#: The largest data file or import read (a year of daily notes is a few MiB; see README).
DATA_CAP = 64 * MiB


class UnreadableFile(OSError):
    """A path that is not read at all: a pipe, device or folder, or a file over the size cap.
    An OSError, so every caller that reports a failed read reports this one in one line too."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))


def read_regular(path: Path, cap: int = DATA_CAP) -> bytes:
    """The bytes of *path*, which must be a regular file of at most *cap* bytes.

    A FIFO or a device (``/dev/zero``, a terminal) would block or never end, so it is refused
    before it is opened; it is then opened non-blocking and checked again on the descriptor, so
    a file swapped in between is refused too. Raises FileNotFoundError, UnreadableFile or OSError.
    """
    return read_regular_stat(path, cap)[0]


def read_regular_stat(path: Path, cap: int = DATA_CAP) -> tuple[bytes, os.stat_result]:
    """:func:`read_regular`, with the ``fstat`` of exactly the bytes read (its signature: a rename
    makes a new inode, so the summary can tell whether it has seen these bytes)."""
    st = os.stat(path)
    _check_regular(path, st.st_mode, st.st_size, cap)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        _check_regular(path, st.st_mode, st.st_size, cap)
        chunks, total = [], 0
        while chunk := os.read(fd, min(MiB, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:  # grew while being read
                _check_regular(path, st.st_mode, total, cap)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def _check_regular(path: Path, mode: int, size: int, cap: int) -> None:
    if stat.S_ISDIR(mode):
        raise UnreadableFile(path, "is a folder")
    if not stat.S_ISREG(mode):
        raise UnreadableFile(path, "is not a regular file (a pipe or device?); it was not read")
    if size > cap:
        raise UnreadableFile(path, f"is larger than {cap / MiB:g} MiB; it was not read")


class StoreError(Exception):
    """A problem with the data folder that the learner must hear about, in one line."""


class CorruptFile(StoreError):
    """A data file that cannot be read as ours; it is kept untouched."""

    def __init__(self, path: Path, reason: str, copy: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.copy = copy
        kept = f"; a copy is kept at {copy}" if copy else ""
        super().__init__(
            f"data file {path} {reason}; it was left untouched{kept}. "
            "Move it away (or restore a backup) to continue."
        )


def fsync_dir(folder: Path) -> None:
    """Make a rename inside *folder* durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace *path* with *data* so that a crash at any instant leaves the old or the new file.

    Temp file in the same folder (same filesystem, so the rename is atomic), written, flushed and
    fsynced, renamed over the target, then the folder fsynced so the rename itself survives.
    """
    tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed writer left in *folder*. Call only while holding the write lock
    (a live writer holds it for as long as its temp file exists)."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name.startswith(".") and TEMP_MARK in entry.name and entry.is_file():
            try:
                os.unlink(entry.path)
                removed += 1
            except FileNotFoundError:
                pass
    return removed


_DEAD_TEMP = re.compile(r"^\..+\.(?:md|json|zip)" + re.escape(TEMP_MARK) + r"(\d+)(?:-[0-9a-f]+)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def remove_dead_temp_files(folder: Path) -> int:
    """Delete our hidden temp files (``.name.md.tmp-PID-…``, ``.name.zip.tmp-PID``) in *folder*
    whose writer process is gone: exports and backups are written without the store's lock, so a
    temp file of a live writer (another app, another export) must be left alone."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = _DEAD_TEMP.match(entry.name)
        if not found or _alive(int(found.group(1))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def quarantine(path: Path, raw: bytes) -> Path | None:
    """Copy a bad file aside once (identical copies are not repeated); the original stays."""
    for existing in path.parent.glob(f"{path.name}.corrupt-*"):
        try:
            if existing.read_bytes() == raw:
                return existing
        except OSError:
            continue
    copy = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
    import shutil  # deferred: only a damaged file needs it, and it costs ``ask`` ~2 ms at import

    try:
        shutil.copy2(path, copy)
    except OSError:
        return None
    return copy


def set_aside_record(path: Path, raw: bytes, label: str) -> Path | None:
    """Copy a file holding a damaged record, byte for byte as it was found, to
    ``<name>.corrupt-<label>`` (once: *label* names the record and its content). The record also
    stays in the file itself; this copy is what survives if a later rewrite changes its bytes."""
    copy = path.with_name(f"{path.name}.corrupt-{label}")
    if copy.exists():
        return copy
    try:
        atomic_write(copy, raw)
    except OSError:
        return None
    return copy


def decode(path: Path, raw: bytes, kind: str, *, keep_copy: bool = True) -> dict[str, Any]:
    """Parse a data file's bytes, checking it is ours and migrating old layouts in memory.

    *keep_copy* False: a bad file is reported but not copied aside (a sync merge reading a temp
    file or a file syncer's conflict copy, which are not the learner's data file).
    """

    def bad(reason: str) -> CorruptFile:
        return CorruptFile(path, reason, quarantine(path, raw) if keep_copy else None)

    if not raw.strip():
        raise bad("is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = "is nested too deeply" if "depth" in str(exc) else "is not valid JSON (truncated or damaged)"
        raise bad(reason) from None
    if not isinstance(data, dict):
        raise bad("is not a mentor-tui data file")
    meta_table = data.pop("_meta", None)
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP_MARK:
        raise bad("is not a mentor-tui data file")
    if meta.get("kind") != kind:
        raise bad(f"holds {meta.get('kind')!r} data where {kind!r} was expected")
    version = meta.get("schema")
    if not isinstance(version, int) or version < 1:
        raise bad("has no valid schema version")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"data file {path} was written by a newer mentor-tui (schema {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade mentor-tui to open it"
        )
    if version < SCHEMA_VERSION:
        try:
            data = migrations.migrate(kind, data, version)
        except ValueError as exc:
            raise StoreError(f"data file {path}: {exc}") from None
    for name, table in data.items():
        if not isinstance(table, dict):
            raise bad(f"has a damaged table {name!r}")
    return data


def encode(data: dict[str, Any], kind: str) -> bytes:
    """Serialise TinyDB's tables plus our ``_meta`` mark."""
    out = {"_meta": {"1": {"app": APP_MARK, "kind": kind, "schema": SCHEMA_VERSION}}}
    out.update(data)
    try:
        return orjson.dumps(out)
    except orjson.JSONEncodeError as exc:  # e.g. a damaged record nested deeper than orjson writes
        raise StoreError(f"cannot encode {kind} data: {exc}") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage over one data file: marked, validated on read, atomically replaced on write.

    It is opened for a single locked read-modify-write and closed again, so it never serves stale
    data from another process.
    """

    def __init__(self, path: Path, kind: str,
                 on_read: Callable[[bytes, dict[str, Any]], None] | None = None) -> None:
        self.path = path
        self.kind = kind
        self.on_read = on_read  # sees every read before TinyDB may rewrite the file

    def read(self) -> dict[str, Any] | None:
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read data file {self.path}: {exc.strerror or exc}") from None
        data = decode(self.path, raw, self.kind)
        if self.on_read is not None:
            self.on_read(raw, data)
        return data

    def write(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, encode(data, self.kind))

    def close(self) -> None:
        pass
