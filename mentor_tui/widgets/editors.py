"""Text editors whose keys do what the hints say."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class CodeArea(TextArea):
    """A TextArea where Tab indents and Esc belongs to the screen.

    Textual's indenting mode (``tab_behavior="indent"``) also takes Esc to move the focus to the
    next widget: in a dialog "Esc cancels" became "Esc moves on", and in the live notes one Esc
    handed the keyboard to the agenda, where letters are commands. This editor runs in "focus"
    mode, so Esc goes on to the screen's own binding (or does nothing), and binds Tab back to
    indenting. Shift+tab still moves the focus, as everywhere else.
    """

    # No description: an editing key like those of TextArea itself (the hints say "Tab indents"),
    # not a command for the footer or the palette.
    BINDINGS = [Binding("tab", "indent", show=False)]

    def __init__(self, *args, **kwargs) -> None:
        kwargs["tab_behavior"] = "focus"
        super().__init__(*args, **kwargs)

    def action_indent(self) -> None:
        if self.read_only:
            return
        if self.indent_type == "tabs":
            text = "\t"
        else:
            row, column = self.cursor_location
            used = self.get_column_width(row, column) % self.indent_width
            text = " " * (self.indent_width - used)
        self.replace(text, *self.selection)
