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


def keeps_tab(widget: Widget | None, key: str = "tab") -> bool:
    """*widget* uses *key* (Tab or shift+Tab) itself, an editor that indents with it: the key
    must reach it rather than move the focus. A binding of its own for the key, or Tab in a
    ``TextArea`` in indent mode."""
    if widget is None:
        return False
    if widget._bindings.key_to_bindings.get(key):
        return True
    return (key == "tab" and getattr(widget, "tab_behavior", None) == "indent"
            and not getattr(widget, "read_only", False))


#: Textual's own Tab bindings (on every ``Screen``): the keys :func:`tab_now` handles early.
TAB_ACTIONS = {"tab": "app.focus_next", "shift+tab": "app.focus_previous"}


def tab_now(screen, key: str) -> bool:
    """Move the focus for *key* at once if it is Tab or shift+Tab and would move it anyway
    (Textual's own binding is the one that applies, and the focused widget does not take the
    key itself: :func:`keeps_tab`); True if it did.

    Textual runs a widget's and a screen's bindings only once the key has gone through the
    focused widget's queue and back up to the app; keys read with the Tab were already handed
    to that widget by then, ahead of the move. Any other binding of Tab (a priority one, an
    editor's own) is left to Textual."""
    action = TAB_ACTIONS.get(key)
    if action is None or keeps_tab(screen.focused, key):
        return False
    active = screen.active_bindings.get(key)
    if active is None or active.binding.action != action or not active.enabled:
        return False
    if key == "tab":
        screen.focus_next()
    else:
        screen.focus_previous()
    return True
