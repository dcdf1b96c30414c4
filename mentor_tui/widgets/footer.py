"""A footer that shows only whole keys: the focused pane's first, then the screen's, then the app's,
and no letter keys while a text box has the keyboard (they would be typed, not run).

Textual's Footer lays every key out in a row and lets the row run off the edge, so at 80 columns
the learner read "t Status fi" and never saw the keys after it. This one keeps the keys that fit
whole, in the focus chain's order (Textual's ``active_bindings`` lists the focused widget's keys
first), always keeps F1 (the door to every other key) and the palette key, and drops the rest:
those are listed by F1 and offered in the palette (ctrl+p).

It is one widget that draws the keys as one line, where Textual's Footer mounts a widget per key.
A widget costs ~27 KB once mounted and styled (its styles, message queue, task and caches):
every mode screen stays mounted after its first visit, and their footers held ~50 key widgets,
~1.3 MB of the app's memory at the end of a tour of the modes (five years of data). It looks the
same (Textual's footer colours and spacing; the snapshots are unchanged), and a click or a hover
acts on the key under the pointer as Textual's keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ScreenStackError
from textual.dom import NoScreen
from textual.keys import key_to_character
from textual.widget import Widget
from textual.widgets import Input, TextArea

#: Actions kept in the footer whatever the width: help lists every other key.
ALWAYS = ("help",)


@dataclass(frozen=True, slots=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""
    palette: bool = False  # the command palette's key, drawn at the right edge


def key_width(key: FooterItem) -> int:
    """Cells a footer key takes: " key " + "desc " (and the palette key's border and padding)."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    if key.palette:
        width += 2  # the left border and the right padding
    return width


def palette_width(key: FooterItem) -> int:
    """Cells the palette key is drawn in: "▏^p palette " (it reserves :func:`key_width`)."""
    return cell_len(key.key_display) + (cell_len(key.description) + 1 if key.description else 0) + 2


def typed(key: FooterItem) -> bool:
    """A key a text box takes as typing ("n", "/", "space"), not as a command. Textual names some
    signs ("slash") with no character behind the name; their display is the sign itself."""
    char = key_to_character(key.key)
    if char is None and len(key.key_display) == 1:
        char = key.key_display
    return char is not None and len(char) == 1 and char.isprintable()


def takes_typing(widget: object) -> bool:
    """The focused widget turns printable keys into text: the screen's letter keys can't reach
    their bindings then, so the footer must not offer them (the inbox filter showed "n New" while
    n typed an n into it)."""
    return isinstance(widget, Input) or (isinstance(widget, TextArea) and not widget.read_only)


def fit_keys(keys: list[FooterItem], width: int) -> list[FooterItem]:
    """The keys to show in *width* cells: the palette key and :data:`ALWAYS` first claim their room,
    then the others in order while each fits whole (a later, shorter one may still fit)."""
    reserved = [k for k in keys if k.palette or k.action in ALWAYS]
    room = width - sum(key_width(k) for k in reserved)
    kept = []
    for key in keys:
        if key in reserved:
            continue
        need = key_width(key)
        if need <= room:
            kept.append(key)
            room -= need
    helpers = [k for k in reserved if not k.palette]
    palette = [k for k in reserved if k.palette]
    return kept + helpers + palette


class KeysFooter(Widget, can_focus=False):
    """The screen's keys on one line (see the module docstring)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--item",
        "footer-key--hover",
        "footer-key--border",
    }
    # Textual's Footer and FooterKey styles, as one widget's component classes.
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--item { background: $footer-item-background; }
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--border { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._bindings_ready = False
        #: The keys shown, each with the columns it takes: (item, start, end).
        self.spans: list[tuple[FooterItem, int, int]] = []
        self._hover: FooterItem | None = None

    @property
    def keys(self) -> list[FooterItem]:
        """The keys shown, left to right."""
        return [item for item, _start, _end in self.spans]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen) -> None:
        """The screen's keys changed (focus moved, a binding was refreshed)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update)

    def _items(self) -> list[FooterItem]:
        """Every key the screen offers for the footer, in Textual's order (the palette key last)."""
        active = self.screen.active_bindings
        app = self.app
        items = [FooterItem(b.key, app.get_key_display(b), b.description, b.action, enabled, tooltip)
                 for (_node, b, enabled, tooltip) in active.values() if b.show]
        first: dict[str, FooterItem] = {}
        for item in items:  # one key per action, the first bound (as Textual's Footer shows them)
            first.setdefault(item.action, item)
        items = list(first.values())
        if app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, b, enabled, tooltip = found
                items.append(FooterItem(b.key, app.get_key_display(b), b.description, b.action, enabled,
                                        b.tooltip or b.description, palette=True))
        if self._typing():
            items = [item for item in items if item.palette or not typed(item)]
        return items

    def _typing(self) -> bool:
        """A text box of this footer's own screen has the keyboard (a dialog over the screen
        leaves the footer below it as it was)."""
        try:
            focused = self.app.focused
            return takes_typing(focused) and focused.screen is self.screen
        except (ScreenStackError, NoScreen):  # before its screen is on the stack (3.12+,
            return False  # textual#6444) or focus on a widget being removed: nothing typed there

    def _update(self) -> None:
        """Lay the keys out again, and draw them if that changed anything."""
        if not self.is_attached or not self._bindings_ready:
            return
        try:
            items = self._items()
        except (ScreenStackError, NoScreen):
            return
        width = self.size.width or self.app.size.width
        shown = fit_keys(items, width)
        spans, x = [], 0
        for item in shown:
            if item.palette:  # at the right edge, drawn compact as Textual draws it
                start = max(x, width - palette_width(item))
                spans.append((item, start, start + palette_width(item)))
            else:
                spans.append((item, x, x + key_width(item)))
                x += key_width(item)
        if spans != self.spans:
            self.spans = spans
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        item_style = self.get_component_rich_style("footer-key--item")
        hover_style = self.get_component_rich_style("footer-key--hover")
        border_style = self.get_component_rich_style("footer-key--border")
        line = Text(no_wrap=True, overflow="crop", end="")
        for item, start, _end in self.spans:
            if start > len(line):
                line.append(" " * (start - len(line)))
            base = item_style + (Style(dim=True) if not item.enabled else Style())
            part = Text(end="")
            if item.palette:  # "▏^p palette ": a border, no padding around the key, one after
                part.append("▏", border_style)
                part.append(item.key_display, key_style)
                part.append(f" {item.description}" if item.description else "", description_style)
                part.append(" ")
            else:
                part.append(f" {item.key_display} ", key_style)
                if item.description:
                    part.append(f"{item.description} ", description_style)
            part.stylize_before(base)
            if item is self._hover:  # the whole key lit, over its parts' own backgrounds
                part.stylize(Style(bgcolor=hover_style.bgcolor))
            line.append_text(part)
        return line

    def item_at(self, x: int) -> FooterItem | None:
        """The key drawn at column *x*, if any."""
        return next((item for item, start, end in self.spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self.item_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, item: FooterItem | None) -> None:
        if item is not self._hover:
            self._hover = item
            self.tooltip = (item.tooltip or None) if item else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
