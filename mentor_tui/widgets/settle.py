"""A Static whose height follows its content however early the content arrives.

Textual measures a widget once per layout change and keys that measure on a counter which
``refresh(layout=True)`` moves only when no layout is already pending for the widget. When the
screen lays out a freshly mounted widget before the widget has had its idle turn (a loaded
machine, or Python 3.12+ where tasks start eagerly), and new content then arrives, the old
measure is reused: a several-line verdict stays one cut-off line until the terminal is resized.
Found with Textual 8.2.8 (pinned); this class moves the counter on every update.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class SettledStatic(Static):
    """A Static that is measured afresh after every ``update``."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        if layout:
            self._layout_updates += 1  # the measure's cache key (private in Textual 8.2.8)
