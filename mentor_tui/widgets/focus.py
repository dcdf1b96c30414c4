"""Move the focus at once, for keys that lead into typing.

Textual's ``Widget.focus()`` moves the focus later, through the app's message queue. Keys the
terminal delivered together with the one that asked for the move (a paste, a fast typist, an
app busy for a moment: "/red" typed into the inbox) are already in that queue, ahead of the
move, and went to the widget that still had the focus: there "e" opened the edit form and "d"
asked to delete the question. ``Screen.set_focus`` moves it now, so the next key already goes
to the new widget.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give *widget* the focus before the next key is handled."""
    try:
        widget.screen.set_focus(widget)
    except (NoScreen, NoMatches):
        widget.focus()
