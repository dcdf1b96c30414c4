"""The live notes: the main pane of a call. It keeps the keyboard and saves itself (see
``notes_autosave.py``) through the app's one store lane, unannounced: no screen reloads because
the learner typed."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import TextArea

from .. import live_session as ls
from ..models import Session
from .editors import CodeArea
from .notes_autosave import NotesAutosaver, Submit


class SessionNotes(CodeArea):
    """A Markdown editor for one session's notes; build it with ``SessionNotes.code_editor``."""

    autosaver: NotesAutosaver | None = None

    def open_session(self, session: Session) -> None:
        """Show *session*'s notes (no autosave for the load itself) and save them as they change."""
        store, sid = self.app.store, session.id
        self.open(session.notes, lambda text: ls.save_notes(store, sid, text), self._submit,
                  self.app.settings.autosave_seconds)

    def open(self, text: str, save: Callable[[str], object], submit: Submit | None,
             delay: float) -> None:
        """Show *text* and save it with *save*, through *submit* (see ``NotesAutosaver``)."""
        with self.prevent(TextArea.Changed):
            self.load_text(text)
        self.move_cursor(self.document.end)
        self.autosaver = NotesAutosaver(self, self, save, delay=delay, submit=submit,
                                        on_error=self._save_failed)

    def _submit(self, call, on_done, on_error) -> None:
        """The store lane, unannounced and unreported (the autosaver reports its failures)."""
        self.app.run_store(call, on_done, on_error=on_error, announce=False, report=False)

    def _save_failed(self, exc: Exception) -> None:
        self.notify(f"{exc} (your notes are still on screen)", title="Notes not saved",
                    severity="error", timeout=10, markup=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.autosaver is not None:
            self.autosaver.changed()

    def flush(self, final: bool = False) -> None:
        """Save unsaved typing now (a mode switch; synchronously on quit, never raising then)."""
        if self.autosaver is not None:
            try:
                self.autosaver.flush(final=final)
            except Exception as exc:  # quitting: say so, never raise
                if not final:
                    raise
                print(f"mentor-tui: notes not saved: {exc}")

    def hand_over(self) -> Callable[[], object]:
        """Stop autosaving and return a call that writes the text as it is now (the session is
        ending: that write goes with the ending, in the same store job)."""
        assert self.autosaver is not None
        autosaver = self.autosaver
        text, seq = autosaver.snapshot()
        autosaver.close()
        return lambda: autosaver.write(text, seq)

    def resume(self) -> None:
        """The ending failed: the session stays open, so typing goes on being saved."""
        old = self.autosaver
        if old is not None:
            self.autosaver = NotesAutosaver(self, self, old.save, delay=old.delay,
                                            submit=old.submit, on_error=old.on_error)
            self.autosaver.changed()

    def clear(self) -> None:
        """No session any more: an empty editor that saves nothing."""
        if self.autosaver is not None:
            self.autosaver.close()
        self.autosaver = None
        with self.prevent(TextArea.Changed):
            self.load_text("")
