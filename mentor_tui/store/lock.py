"""The data folder's inter-process lock: every read-modify-write of a data file holds it.

On POSIX it is ``fcntl.flock`` on a lock file that stays in place (so every waiter locks the same
inode): the kernel drops the lock when its holder dies, ``kill -9`` included, so a crash never
leaves the folder locked. This is the call filelock itself makes on POSIX; filelock 4.3 cost
30-40 ms to import (its ``_core._shutdown`` and ``_filesystem`` modules), a tenth of
``mentor-tui ask`` and of the app's start, so POSIX does without it. Elsewhere (Windows) filelock
does the locking, imported when the lock is first taken.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path


class LockTimeout(Exception):
    """The lock stayed held by someone else for longer than the timeout."""


#: errno values flock reports for "held by another" (EACCES on some file systems).
_BUSY = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES})


class FolderLock:
    """An exclusive inter-process lock on *path*, re-entrant within its holder (nested
    ``acquire`` calls need as many ``release`` calls). Not shared between threads: the store
    guards it with its own thread lock."""

    def __init__(self, path: Path, *, timeout: float, mode: int = 0o600, poll: float = 0.05) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.mode = mode
        self.poll = poll
        self._depth = 0
        self._fd: int | None = None
        self._other = None  # filelock's FileLock, where there is no flock

    @property
    def is_locked(self) -> bool:
        return self._depth > 0

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting up to *timeout* seconds (default: the lock's); 0 tries once.
        Raises :class:`LockTimeout`, or ``OSError`` when the lock file cannot be opened."""
        if self._depth:
            self._depth += 1
            return
        wait = self.timeout if timeout is None else timeout
        if sys.platform == "win32":  # pragma: no cover - POSIX CI
            self._acquire_other(wait)
        else:
            self._acquire_flock(wait)
        self._depth = 1

    def release(self) -> None:
        """Give back one level; the lock is dropped when the outermost holder releases it."""
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            return
        if self._other is not None:  # pragma: no cover - POSIX CI
            self._other.release()
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def _acquire_flock(self, wait: float) -> None:
        import fcntl

        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags, self.mode)
        deadline = time.monotonic() + max(wait, 0.0)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in _BUSY:
                        raise
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LockTimeout(str(self.path))
                time.sleep(min(self.poll, left))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _acquire_other(self, wait: float) -> None:  # pragma: no cover - POSIX CI
        from filelock import FileLock, Timeout

        if self._other is None:
            self._other = FileLock(self.path, timeout=self.timeout, mode=self.mode)
        try:
            self._other.acquire(timeout=wait)
        except Timeout:
            raise LockTimeout(str(self.path)) from None
