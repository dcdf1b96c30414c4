"""The live session's timeline: one line per quick entry, newest highlighted. To read, not to type
into (out of the Tab order, so the notes keep the keyboard)."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .. import live_session as ls
from ..literal import literal
from ..models import Entry


class Timeline(OptionList):
    """Entries as "10:42 ! first line of the entry"."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = False

    def show(self, entries: list[Entry]) -> None:
        """Redraw from the session's entries."""
        self.clear_options()
        for entry in entries:
            first = ls.entry_text(entry).strip().splitlines()[0] if entry.text.strip() else ""
            self.add_option(Option(
                literal(f"{entry.at.astimezone():%H:%M} {ls.ENTRY_MARK[entry.kind]} {first}"),
                id=entry.id))
        if self.option_count:
            self.highlighted = self.option_count - 1
