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


#: Textual's own Tab bindings (on every ``Screen``): the keys :func:`tab_now` handles early.
TAB_ACTIONS = {"tab": "app.focus_next", "shift+tab": "app.focus_previous"}


def tab_now(screen, key: str) -> bool:
    """Move the focus for *key* at once if it is Tab or shift+Tab and Textual's own binding is
    the one that would apply; True if it did. Where the focused widget takes Tab itself, it
    does not apply: an editor's binding for the key (the notes' indent) comes first in the
    focus chain, and a ``TextArea`` in indent mode consumes Tab (Textual leaves the screen's
    binding out of ``active_bindings`` then).

    Textual runs a widget's and a screen's bindings only once the key has gone through the
    focused widget's queue and back up to the app; keys read with the Tab were already handed
    to that widget by then, ahead of the move."""
    action = TAB_ACTIONS.get(key)
    if action is None:
        return False
    active = screen.active_bindings.get(key)
    if active is None or active.binding.action != action or not active.enabled:
        return False
    if key == "tab":
        screen.focus_next()
    else:
        screen.focus_previous()
    return True
