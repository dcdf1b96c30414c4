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

_paused = False


def pause() -> None:
    """Turn the cyclic collector off until ``resume`` (or the end of the process)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what start-up built and turn the collector back on; a no-op unless ``pause``
    turned it off (tests that build the app without the command line never pause it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
