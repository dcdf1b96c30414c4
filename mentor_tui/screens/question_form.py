"""Edit a question: text, tags, priority, and Markdown details (paste an error text here)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, TextArea

from ..models import Question


class QuestionForm(ModalScreen[dict | None]):
    """Returns the edited fields (text, tags, priority, details, error_text) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        q = self.question
        with Vertical(classes="dialog form-dialog"):
            yield Label("Edit question", classes="dialog-title")
            yield Input(q.text, id="f-text", placeholder="The question")
            with Horizontal(classes="dialog-row"):
                yield Input(" ".join(q.tags), id="f-tags", placeholder="tags")
                yield Select([(p, p) for p in ("high", "normal", "low")], value=q.priority,
                             allow_blank=False, id="f-priority")
            yield Label("Details (Markdown) — what you expected, what happened")
            yield TextArea.code_editor(q.details, language="markdown", soft_wrap=True,
                                       show_line_numbers=False, id="f-details", classes="form-area")
            yield Label("Error text (paste it whole)")
            yield TextArea(q.context.error_text, soft_wrap=True, id="f-error", classes="form-area-small")
            yield Label("ctrl+s saves · Tab moves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#f-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#f-text", Input).value
        if not text.strip():
            self.notify("The question cannot be empty.", severity="warning")
            return
        tags = self.query_one("#f-tags", Input).value.replace(",", " ").split()
        self.dismiss(
            {
                "text": text,
                "tags": list(dict.fromkeys(t.lstrip("#").lower() for t in tags if t.lstrip("#"))),
                "priority": self.query_one("#f-priority", Select).value,
                "details": self.query_one("#f-details", TextArea).text,
                "error_text": self.query_one("#f-error", TextArea).text,
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
