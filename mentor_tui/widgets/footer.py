"""A footer that shows only whole keys: the focused pane's first, then the screen's, then the app's,
and no letter keys while a text box has the keyboard (they would be typed, not run).

Textual's Footer lays every key out in a row and lets the row run off the edge, so at 80 columns
the learner read "t Status fi" and never saw the keys after it. This one keeps the keys that fit
whole, in the focus chain's order (Textual's ``active_bindings`` lists the focused widget's keys
first), always keeps F1 (the door to every other key) and the palette key, and drops the rest:
those are listed by F1 and offered in the palette (ctrl+p).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ScreenStackError
from textual.dom import NoScreen
from textual.keys import key_to_character
from textual.widgets import Footer, Input, TextArea
from textual.widgets._footer import FooterKey

#: Actions kept in the footer whatever the width: help lists every other key.
ALWAYS = ("help",)


def key_width(key: FooterKey) -> int:
    """Cells a footer key takes in the default (non-compact) style: " key " + "desc "."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    if "-command-palette" in key.classes:
        width += 2  # the left border and the right padding
    return width


def typed(key: FooterKey) -> bool:
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


def fit_keys(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """The keys to show in *width* cells: the palette key and :data:`ALWAYS` first claim their room,
    then the others in order while each fits whole (a later, shorter one may still fit)."""
    reserved = [k for k in keys if "-command-palette" in k.classes or k.action in ALWAYS]
    room = width - sum(key_width(k) for k in reserved)
    kept = []
    for key in keys:
        if key in reserved:
            continue
        need = key_width(key)
        if need <= room:
            kept.append(key)
            room -= need
    helpers = [k for k in reserved if "-command-palette" not in k.classes]
    palette = [k for k in reserved if "-command-palette" in k.classes]
    return kept + helpers + palette


def _settle_compact(key, compact: bool) -> None:
    """Give a new FooterKey its ``-compact`` class before it mounts. Textual's FooterKey starts
    compact (``reactive(True)``) without the class, and the keys Textual binds to the footer get
    its value (False) only once mounted: the watcher added the class and removed it again, two
    restyles against the whole app stylesheet per key. Measured: a footer recompose (ten keys)
    took about 25 ms of the first frame's CPU, and about 30 ms less over a whole start in paired
    runs. The palette key is not bound: it stays compact, as Textual draws it."""
    if not isinstance(key, FooterKey):
        return
    if "-command-palette" in key.classes:
        compact = True  # FooterKey's default (reading ``key.compact`` here would run the watcher)
    else:
        key.set_reactive(FooterKey.compact, compact)
    key.set_class(compact, "-compact", update=False)


class KeysFooter(Footer):
    """Textual's footer, trimmed to whole keys that fit (see the module docstring).

    It recomposes only when what it would show changes. Textual's Footer recomposes on every
    bindings update (each focus move, each ``refresh_bindings``), and every new key restyles
    itself against the whole app stylesheet: profiled at five years, 121 recomposes cost 2.2 s of
    the UI thread over a tour of the modes, most of them redrawing the same keys.
    """

    _shown: tuple | None = None

    def _signature(self) -> tuple:
        """What :meth:`compose` depends on: the shown keys, their state, and the width."""
        try:
            active = self.screen.active_bindings
        except Exception:  # noqa: BLE001 - no screen yet: always compose
            return (object(),)
        keys = tuple(
            (b.key, b.action, b.description, b.show, enabled, tooltip, id(b.group))
            for (_node, b, enabled, tooltip) in active.values()
        )
        return (keys, self._typing(), self.size.width or self.app.size.width,
                self.show_command_palette, self.compact)

    def _typing(self) -> bool:
        """A text box of this footer's own screen has the keyboard (a dialog over the screen
        leaves the footer below it as it was)."""
        try:
            focused = self.app.focused
            return takes_typing(focused) and focused.screen is self.screen
        except (ScreenStackError, NoScreen):  # composed before its screen is on the stack (3.12+,
            return False  # textual#6444) or focus on a widget being removed: nothing typed there

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._signature() != self._shown:
            await self.recompose()

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    def compose(self):
        self._shown = self._signature() if self._bindings_ready else None
        items = list(super().compose())
        for item in items:
            _settle_compact(item, self.compact)
        keys = [item for item in items if isinstance(item, FooterKey)]
        if len(keys) != len(items):  # binding groups: keep Textual's layout untouched
            yield from items
            return
        if self._typing():
            keys = [key for key in keys if not typed(key)]
        width = self.size.width or self.app.size.width
        yield from fit_keys(keys, width)

    def on_resize(self) -> None:
        self.call_after_refresh(self._recompose_if_changed)
