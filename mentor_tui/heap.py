"""Keep the app's resident memory close to what it really holds (glibc's malloc; elsewhere these
do nothing).

The app reads five years of records in worker threads. glibc gives every thread that allocates
its own malloc arena (up to eight per core), and each arena keeps the pages its freed blocks
came from: after a tour of every mode at five years, the transient copies made by the reads left
3-5 MB of freed memory resident across arenas (measured with ``MALLOC_ARENA_MAX``), and
``malloc_trim`` gave back another 2-5 MB. glibc also raises its mmap threshold to the size of
each large block freed, so orjson's transient document of a data file (~12x the file) was later
made in a heap, whose pages stay resident: the threshold is fixed instead. All of this is
tuning, not correctness: any failure to find or call the C library is ignored.
"""

from __future__ import annotations

import sys
import threading

M_ARENA_MAX = -8  # from glibc's malloc.h
M_MMAP_THRESHOLD = -3
#: Blocks this large or larger get pages of their own (``mmap``), given back when freed.
MMAP_THRESHOLD = 128 * 1024
#: Arenas for the whole process: the UI thread's and one that every worker thread shares. The
#: workers take turns with the GIL anyway, so they gain little from arenas of their own.
ARENAS = 2

_libc = None
_lock = threading.Lock()


def _c_library():
    """glibc, or None (macOS, musl, Windows, or ctypes missing). ctypes is imported here, in a
    worker thread, not at start-up (~2 ms)."""
    global _libc
    with _lock:
        if _libc is None:
            _libc = False
            if sys.platform.startswith("linux"):
                try:
                    import ctypes

                    lib = ctypes.CDLL(None)
                    if hasattr(lib, "mallopt") and hasattr(lib, "malloc_trim"):
                        _libc = lib
                except (ImportError, OSError):
                    pass
        return _libc or None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Let threads started from now on share at most *arenas* malloc arenas, and keep large
    blocks out of the heaps (see below). True if set."""
    lib = _c_library()
    if not lib:
        return False
    lib.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return lib.mallopt(M_ARENA_MAX, arenas) == 1


def give_back() -> bool:
    """Return freed memory at the end of the heaps to the system (``malloc_trim(0)``): called
    after a long read in the background, whose transient copies are freed by then. True if any
    memory was released."""
    lib = _c_library()
    return bool(lib and lib.malloc_trim(0) == 1)
