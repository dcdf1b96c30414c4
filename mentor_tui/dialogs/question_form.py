"""Edit a question: text, tags, priority, and Markdown details (paste an error text here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, TextArea

from ..inbox import clean_tags
from ..models import Question
from .forms import FormScreen


@dataclass(frozen=True)
class QuestionEdit:
    """The edited question as typed (``inbox.edit`` stores it)."""

    text: str
    tags: tuple[str, ...]
    priority: str
    details: str
    error_text: str


class QuestionForm(FormScreen[QuestionEdit | None]):
    """Returns the edited fields as a :class:`QuestionEdit`, or None.

    Every field is on the Tab path (Details moves on with Tab rather than indenting), the form
    scrolls so the focused field is in view on a small terminal, and Error text is tall enough to
    read a traceback. Esc on a changed form asks first; on ctrl+q the edit is stored via
    ``on_quit``.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, question: Question, *, on_quit: Callable[[QuestionEdit], object] | None = None) -> None:
        super().__init__(on_quit=on_quit)
        self.question = question

    def compose(self) -> ComposeResult:
        q = self.question
        with VerticalScroll(classes="dialog form-dialog"):
            yield Label("Edit question", classes="dialog-title")
            yield Input(q.text, id="f-text", placeholder="The question")
            with Horizontal(classes="dialog-row"):
                yield Input(" ".join(q.tags), id="f-tags", placeholder="tags")
                yield Select([(p, p) for p in ("high", "normal", "low")], value=q.priority,
                             allow_blank=False, id="f-priority")
            yield Label("Details (Markdown) — what you expected, what happened")
            yield TextArea.code_editor(q.details, language="markdown", soft_wrap=True,
                                       show_line_numbers=False, tab_behavior="focus",
                                       id="f-details", classes="form-area")
            yield Label("Error text (paste it whole)")
            yield TextArea(q.context.error_text, soft_wrap=True, id="f-error", classes="form-area")
            yield Label("ctrl+s saves · Tab moves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#f-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def values(self) -> QuestionEdit:
        """The fields as typed."""
        tags = self.query_one("#f-tags", Input).value.replace(",", " ").split()
        return QuestionEdit(
            text=self.query_one("#f-text", Input).value,
            tags=tuple(clean_tags(tags)),
            priority=self.query_one("#f-priority", Select).value,
            details=self.query_one("#f-details", TextArea).text,
            error_text=self.query_one("#f-error", TextArea).text,
        )

    def form_state(self) -> object:
        return (self.query_one("#f-tags", Input).value, self.values())

    def quit_value(self) -> QuestionEdit:
        # A question is never blank: on quit, an emptied text keeps the old one, the rest is kept.
        values = self.values()
        return values if values.text.strip() else replace(values, text=self.question.text)

    def action_save(self) -> None:
        values = self.values()
        if not values.text.strip():
            self.notify("The question cannot be empty.", severity="warning")
            return
        self.dismiss(values)
