"""What every dialog the learner types into promises, in one place.

- **Esc on a changed form asks** before the typing is thrown away (Keep editing / Discard); Esc on
  a form nobody changed just closes it.
- **ctrl+q does not lose an open form.** On quit the app calls ``flush(final=True)`` on every
  screen; a form hands what Save would return to the ``on_quit`` callable its opener gave, which
  stores it at once (synchronously: the app is about to exit).

A form says what "changed" means with :meth:`FormScreen.form_state` (everything typed or chosen,
as a comparable value) and what Save would return with :meth:`FormScreen.quit_value`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

T = TypeVar("T")


class DiscardChanges(ModalScreen[bool]):
    """"Discard your changes?" with keeping as the safe default (Enter and Esc keep editing)."""

    BINDINGS = [
        Binding("d", "answer(True)", "Discard"),
        Binding("k,escape", "answer(False)", "Keep editing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog discard-dialog"):
            yield Label("You changed this form. Throw the changes away?", classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep editing (Esc)", variant="primary", id="keep")
                yield Button("Discard (d)", variant="error", id="discard")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class FormScreen(ModalScreen[T]):
    """A dialog with free text. Subclasses bind Esc to ``cancel`` and implement ``form_state``
    (and ``quit_value`` when something should be stored on quit)."""

    def __init__(self, *, on_quit: Callable[[Any], object] | None = None) -> None:
        super().__init__()
        self.on_quit = on_quit
        self._opened_with: object = None

    def on_mount(self) -> None:
        # Runs after the subclass's own on_mount (Textual calls each class's handler).
        self._opened_with = self.form_state()

    def form_state(self) -> object:
        """Everything typed or chosen so far, as a value that compares equal when unchanged."""
        raise NotImplementedError

    def quit_value(self) -> Any | None:
        """What Save would return now, or None when there is nothing valid to store."""
        return None

    def changed(self) -> bool:
        return self.is_mounted and self.form_state() != self._opened_with

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardChanges(), answered)

    def flush(self, final: bool = False) -> None:
        """On quit, store a changed form the way Save would (never raise: the app is exiting)."""
        if not final or self.on_quit is None or not self.changed():
            return
        try:
            value = self.quit_value()
            if value is not None:
                self.on_quit(value)
        except Exception as exc:  # noqa: BLE001 - quitting: say so, the rest must still close
            print(f"mentor-tui: an open form was not saved: {exc}", file=sys.stderr)
