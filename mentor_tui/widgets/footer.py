"""A footer that shows only whole keys: the focused pane's first, then the screen's, then the app's.

Textual's Footer lays every key out in a row and lets the row run off the edge, so at 80 columns
the learner read "t Status fi" and never saw the keys after it. This one keeps the keys that fit
whole, in the focus chain's order (Textual's ``active_bindings`` lists the focused widget's keys
first), always keeps F1 (the door to every other key) and the palette key, and drops the rest:
those are listed by F1 and offered in the palette (ctrl+p).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
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


class KeysFooter(Footer):
    """Textual's footer, trimmed to whole keys that fit (see the module docstring)."""

    def compose(self):
        items = list(super().compose())
        keys = [item for item in items if isinstance(item, FooterKey)]
        if len(keys) != len(items):  # binding groups: keep Textual's layout untouched
            yield from items
            return
        width = self.size.width or self.app.size.width
        yield from fit_keys(keys, width)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
