"""Small dialogs shared by every mode. Each is a typed ``ModalScreen[T]`` that returns its value
with ``dismiss()``; Escape cancels and returns None (asking first when typed text would be lost,
see ``forms.py``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from ..inbox import clean_tags
from ..literal import literal
from .forms import FormScreen


@dataclass(frozen=True)
class CapturedQuestion:
    """A new question as typed (``inbox.new_question`` checks it, ``inbox.add`` stores it)."""

    text: str
    tags: tuple[str, ...] = ()
    priority: str = "normal"


class CaptureQuestion(FormScreen[CapturedQuestion | None]):
    """Capture a question in two seconds: it has focus at once and saves on Enter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str = "", tags: str = "", priority: str = "normal", *,
                 on_quit=None) -> None:
        super().__init__(on_quit=on_quit)
        self._text = text
        self._tags = tags
        self._priority = priority

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("New question", classes="dialog-title")
            yield Input(self._text, placeholder="What do you want to know?", id="q-text")
            with Horizontal(classes="dialog-row"):
                yield Input(self._tags, placeholder="tags: python loops", id="q-tags")
                yield Select(
                    [("high", "high"), ("normal", "normal"), ("low", "low")],
                    value=self._priority,
                    allow_blank=False,
                    id="q-priority",
                )
            yield Label("Enter saves · Tab moves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#q-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def values(self) -> CapturedQuestion:
        """What is typed so far."""
        tags = self.query_one("#q-tags", Input).value.replace(",", " ").split()
        return CapturedQuestion(text=self.query_one("#q-text", Input).value,
                                tags=tuple(clean_tags(tags)),
                                priority=self.query_one("#q-priority", Select).value)

    def action_save(self) -> None:
        values = self.values()
        if not values.text.strip():
            self.notify("Type the question first (Esc cancels).", severity="warning")
            return
        self.dismiss(values)

    def form_state(self) -> object:
        return self.values()

    def quit_value(self) -> CapturedQuestion | None:
        values = self.values()
        return values if values.text.strip() else None

    def flush(self, final: bool = False) -> None:
        """On quit, a typed question goes to ``on_quit`` (which stores it) rather than being
        dropped, even one the dialog was reopened with and nobody changed since."""
        value = self.quit_value() if final and self.on_quit is not None else None
        if value is None:
            return
        try:
            self.on_quit(value)
        except Exception as exc:  # noqa: BLE001 - quitting: say so, the text is on screen
            print(f"mentor-tui: the new question was not saved: {exc}", file=sys.stderr)


class Confirm(ModalScreen[bool]):
    """Yes/no with the question in plain words; Enter or y confirms, Esc or n declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str | Content, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Questions quote the learner's words ("Delete “list[int]”?"): a str is shown as is.
            yield Label(literal(self.question) if isinstance(self.question, str) else self.question,
                        classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TextPrompt(FormScreen[str | None]):
    """Ask for one piece of text (one line, or several with ``multiline=True``). Give ``on_quit``
    to store the text if the app is quit while the prompt is open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, title: str | Content, value: str = "", *, placeholder: str = "",
                 multiline: bool = False, allow_empty: bool = False, on_quit=None) -> None:
        super().__init__(on_quit=on_quit)
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.multiline = multiline
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Titles quote the learner's words ("Answer: what is arr[0]?"): a str is shown as is.
            title = self.title_text
            yield Label(literal(title) if isinstance(title, str) else title, classes="dialog-title")
            if self.multiline:
                yield TextArea(self.value, id="prompt-input", soft_wrap=True, classes="prompt-area")
                yield Label("ctrl+s saves · Esc cancels", classes="dialog-hint")
            else:
                yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
                yield Label("Enter saves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#prompt-input").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def form_state(self) -> str:
        widget = self.query_one("#prompt-input")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def quit_value(self) -> str | None:
        value = self.form_state()
        return value if value.strip() or self.allow_empty else None

    def action_save(self) -> None:
        value = self.quit_value()
        if value is None:
            self.notify("Type something first (Esc cancels).", severity="warning")
            return
        self.dismiss(value)
