"""The base of After's panes: the tab keys first, so the footer reads the same on every tab."""

from __future__ import annotations

from datetime import datetime

from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive

from ..after_data import Snapshot


class AfterPane(Vertical):
    """A pane of the After screen. Its keys follow the tab keys (t, r, o), which the screen binds
    too (for when the tab bar has focus); listed here first so the footer shows them first, as
    the learner has always seen them."""

    BINDINGS = [
        Binding("t", "screen.tab('practice')", "Practice"),
        Binding("r", "screen.tab('review')", "Review"),
        Binding("o", "screen.tab('progress')", "Progress"),
    ]

    #: What the screen read last; the pane redraws when the screen sets a new one.
    data: reactive[Snapshot] = reactive(Snapshot, always_update=True, init=False)

    def now(self) -> datetime:
        return self.app.clock()

    def watch_data(self, _data: Snapshot) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Show :attr:`data` (subclasses)."""
