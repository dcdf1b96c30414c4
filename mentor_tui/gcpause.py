"""Keep Python's cyclic garbage collector out of start-up.

Start-up creates tens of thousands of objects that live as long as the process (modules,
classes, pydantic's schemas, Textual's widgets and styles) and almost no cyclic garbage, yet
CPython's collector walks the young ones every 700 allocations and all of them now and then.
Measured at the first screen of the app: about 30 ms of 430 (A/B in a pty, ``benchmarks/``).

The app pauses the collector before its imports and resumes it once the first screen is on the
terminal. Resuming first *freezes* what exists then (``gc.freeze``): the collector never walks
those long-lived objects again, which also shortens every later collection while the learner
types. The short shell commands (``ask``, ``questions``, ``practice``) pause for their whole
life: they end within a fraction of a second, and reference counting still frees everything
that is not part of a cycle.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False
_managed = False  # the command line paused the collector: this process's collector is ours
_quiet = 0  # ``quiet`` blocks running now (any thread)
_quiet_lock = threading.Lock()
_frozen_at_keep = 0  # the frozen generation's size after the last ``keep`` (or the start's freeze)
#: Objects ``freeze_young`` may add to the frozen generation before a ``keep`` is due. A keep
#: walks the whole heap (a few hundred ms at five years, while a key would wait): a mode's first
#: visit adds 10,000-35,000 objects at five years and earns one; a return visit adds a few
#: thousand at most, so returns do not each cost a pass (their garbage waits for the next).
KEEP_AFTER_FROZEN = 10_000
_keeps = 0  # passes ``keep`` has made


def pause() -> None:
    """Turn the cyclic collector off until ``resume`` (or the end of the process)."""
    global _paused, _managed
    if gc.isenabled():
        gc.disable()
        _paused = _managed = True


@contextmanager
def quiet() -> Iterator[None]:
    """No cyclic collection during the block (blocks may overlap), for a moment the learner
    waits for an answer (Search, from ctrl+f to its first results). The collection due
    meanwhile runs after the block. Keep blocks short: young objects pile up meanwhile.

    Why: a full collection walks every object made since the first paint, ~190,000 after a
    tour of the modes at five years, 40-140 ms each with the GIL held, and the first search
    (the index build's ~100,000 objects, the results' widgets) set one off more often than
    not. Only where the command line manages the collector (``pause``): tests that build the
    app in a test process leave it alone."""
    global _quiet
    if not _managed:
        yield
        return
    with _quiet_lock:
        _quiet += 1
        gc.disable()
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet -= 1
            if not _quiet and not _paused:
                gc.enable()


def resume() -> None:
    """Freeze what start-up built and turn the collector back on; a no-op unless ``pause``
    turned it off (tests that build the app without the command line never pause it)."""
    global _paused, _frozen_at_keep
    with _quiet_lock:
        if _paused:
            _paused = False
            gc.freeze()
            _frozen_at_keep = gc.get_freeze_count()  # start-up makes almost no garbage
            if not _quiet:  # else the last ``quiet`` block turns it on
                gc.enable()


def keep(unless_after: int | None = None) -> bool:
    """After a long read has built objects that live as long as the screen showing them (five
    years of records): collect the whole heap, then freeze what is left, so the collector's
    automatic passes (50-100 ms each at five years, often in a mode's first paint) walk only
    what is made afterwards. Returns True if it ran.

    The collection covers what earlier calls froze too (``gc.unfreeze`` first): a screen or a
    dialog alive at one call and closed later is a garbage cycle the frozen generation would
    keep for good (measured: every History screen opened and closed across eight reloads stayed
    in memory with a freeze alone); the next call frees it. It walks the whole heap (a few
    hundred ms at five years), so the app calls it from a worker thread once the learner has
    been idle a moment (``MentorApp._keep_when_quiet``). Not while a ``quiet`` block runs, and
    only where the command line manages the collector (``pause``). *unless_after*: a count
    from :func:`keeps`; no pass if another has run since."""
    global _frozen_at_keep, _keeps
    with _quiet_lock:
        if not _managed or _paused or _quiet:
            return False
        if unless_after is not None and _keeps != unless_after:
            return False  # a pass ran since the caller's count (:func:`keeps`): it covered this
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _frozen_at_keep = gc.get_freeze_count()
        _keeps += 1
        return True


def keeps() -> int:
    """How many passes :func:`keep` has made: a caller that waited for the learner to be idle
    skips its own pass if another ran meanwhile (it covered the same objects; after a tour at
    five years, three callers ran three passes in a row, ~600 ms with the GIL held)."""
    return _keeps


def freeze_young() -> bool:
    """Freeze what exists now, without collecting first (constant time, no pass): for the
    moment a mode's screen has been painted. The screen and the records read for it live on,
    yet every automatic full pass walked them again: in a quick tour of the modes at five
    years, three such passes took 20, 50 and 70 ms of the UI thread, the last inside the
    return from History to Before. Garbage cycles alive at that moment are frozen too; they
    are freed by the next :func:`keep`, which the app runs once the learner is idle
    (:func:`keep_due`). Only where the command line manages the collector, not while paused."""
    with _quiet_lock:
        if not _managed or _paused:
            return False
        gc.freeze()
        return True


def keep_due() -> bool:
    """:func:`freeze_young` has frozen more than :data:`KEEP_AFTER_FROZEN` objects since the
    last :func:`keep` (which would free the garbage among them)."""
    return gc.get_freeze_count() - _frozen_at_keep > KEEP_AFTER_FROZEN
