"""Autosave for the live notes: nothing typed is lost, and typing never waits for the disk.

How: each keystroke only records the time (no timer is reset per key). One timer fires
``delay`` seconds after the first unsaved change; if the learner is still typing it waits until
they pause, but never longer than ``max_wait`` after the first unsaved change, so a long burst of
typing is still saved about once a second. The text is copied on the UI thread (cheap) and written
off it: through *submit* when given (the app's one store lane, ``MentorApp.run_store`` with
``announce=False``, so the write is ordered with every other UI write and is no news to the
screens), else in a thread worker of its own (a bare editor, as in the autosaver's own tests).
While a write runs, further changes are coalesced into one follow-up write with the latest text.
``flush(final=True)`` writes synchronously (used on quit).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import TextArea


class Submit(Protocol):
    """Runs *call* off the UI thread; then *on_done* (its result) or *on_error* on the UI thread."""

    def __call__(self, call: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[Exception], None]) -> None: ...


class NotesAutosaver:
    """Saves *editor*'s text with *save* (called in a thread) shortly after it changes."""

    def __init__(
        self,
        owner: Widget,
        editor: TextArea,
        save: Callable[[str], object],
        *,
        delay: float = 0.5,
        max_wait: float = 1.0,
        on_error: Callable[[Exception], None] | None = None,
        submit: Submit | None = None,
    ) -> None:
        self.owner = owner
        self.submit = submit
        self.editor = editor
        self.save = save
        self.delay = delay
        self.max_wait = max(max_wait, delay)
        self.on_error = on_error
        self._lock = threading.Lock()  # one write at a time; the final flush waits for a running one
        self._seq = 0  # bumped on every change
        self._saved_seq = 0  # the change number the file holds
        self._first_unsaved = 0.0
        self._last_change = 0.0
        self._timer: Timer | None = None
        self._saving = False
        self._again = False
        self._failing = False
        self.closed = False
        self.saves = 0

    @property
    def dirty(self) -> bool:
        """True while some typing is not on disk yet."""
        return self._seq > self._saved_seq

    def changed(self) -> None:
        """Call on every ``TextArea.Changed`` (UI thread). Costs a clock read."""
        if self.closed:
            return
        now = time.monotonic()
        if self._seq <= self._saved_seq and not self._saving:
            self._first_unsaved = now
        self._seq += 1
        self._last_change = now
        if self._timer is None:
            self._timer = self.owner.set_timer(self.delay, self._due, name="notes-autosave")

    def _due(self) -> None:
        self._timer = None
        if self.closed or not self.dirty:
            return
        now = time.monotonic()
        due = min(self._last_change + self.delay, self._first_unsaved + self.max_wait)
        if due - now > 0.02:
            self._timer = self.owner.set_timer(due - now, self._due, name="notes-autosave")
            return
        self._start_save()

    def _start_save(self) -> None:
        if self._saving:
            self._again = True
            return
        self._saving = True
        text, seq = self.editor.text, self._seq
        self._first_unsaved = time.monotonic()
        if self.submit is not None:
            self.submit(lambda: self.write(text, seq), lambda _: self._written(None), self._written)
            return
        self.owner.run_worker(
            lambda: self._write(text, seq),
            name="notes-autosave",
            group="notes-autosave",
            thread=True,
            exit_on_error=False,
        )

    def _write(self, text: str, seq: int) -> None:
        """Thread: write unless a newer text was already written (by the final flush)."""
        error: Exception | None = None
        try:
            self.write(text, seq)
        except Exception as exc:  # shown to the learner; the text stays in the editor
            error = exc
        try:
            self.owner.app.call_from_thread(self._written, error)
        except RuntimeError:  # the app has already stopped
            pass

    def _written(self, error: Exception | None) -> None:
        self._saving = False
        if error is not None:
            if not self._failing and self.on_error:
                self.on_error(error)
            self._failing = True
            if self._timer is None and not self.closed:
                self._timer = self.owner.set_timer(max(self.delay, 2.0), self._due)
            return
        self._failing = False
        if self._again or self.dirty:
            self._again = False
            if self._timer is None and not self.closed:
                self._timer = self.owner.set_timer(
                    max(0.0, self._first_unsaved + self.max_wait - time.monotonic()) or 0.01,
                    self._due,
                )

    def flush(self, final: bool = False) -> None:
        """Save now: in a worker, or (``final``) right here, before the app exits."""
        if not self.dirty:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not final:
            self._start_save()
            return
        self.write(*self.snapshot())

    def snapshot(self) -> tuple[str, int]:
        """The editor's text and its change number (UI thread)."""
        return self.editor.text, self._seq

    def write(self, text: str, seq: int) -> None:
        """Write *text* now, in the calling thread, unless a newer text is already on disk."""
        with self._lock:
            if seq > self._saved_seq:
                self.save(text)
                self._saved_seq = seq
                self.saves += 1

    def close(self) -> None:
        """Stop saving (the session ended; its final text was written with the ending)."""
        self.closed = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
