"""Pacing for readers in the background: sleep after each few milliseconds of work, not each file.

A reader in a worker thread holds the GIL while it parses and validates; the UI thread shares it
and must keep painting and answering keys. Sleeping a fixed time after *every* file was fair for
big files (a month of questions, ~5 ms of work) but not for many small ones: five years hold 300
session files of ~0.3 ms of work each, and 4 ms of sleep after each made a full read take >1.5 s,
so the search index (built after it) was still missing when Search was opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Work (seconds) between two pauses; CPython hands the GIL over every 5 ms anyway.
WORK_SLICE = 0.005

Pause = float | Callable[[], float]


class Pacer:
    """Call ``tick()`` after each unit of work; it sleeps for *pause* once a slice of work is
    done. *pause* may be a function, asked at each sleep (the app lengthens it while a screen
    is being built, ``MentorApp.hold_background``)."""

    def __init__(self, pause: Pause = 0.0) -> None:
        self.pause = pause
        self._since = time.perf_counter()

    def tick(self) -> None:
        if not self.pause or time.perf_counter() - self._since < WORK_SLICE:
            return
        wait = self.pause() if callable(self.pause) else self.pause
        if wait > 0:
            time.sleep(wait)
        self._since = time.perf_counter()
