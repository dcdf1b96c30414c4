"""A read-only Markdown view of one record (a question or task found by search)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown


class RecordView(ModalScreen[None]):
    """A Markdown read view of one record; escape or q closes it (it returns nothing)."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog record-view"):
            yield Markdown(self.markdown)

    def action_close(self) -> None:
        self.dismiss(None)
