"""Work-arounds for Textual bugs and memory costs (Textual 8.2.8 is pinned in pyproject.toml).

Each is applied once, by ``app.py`` as it is imported, before any widget is drawn, and names the
upstream issue or the measurement behind it, so it can go when a Textual release makes it moot.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache


def styles_cache_keeps_no_widget() -> None:
    """Textualize/textual#6665 (open): ``StylesCache.get_inner_outer`` is an instance method
    under ``functools.lru_cache(1024)``, so the cache keeps the last 1,024 ``StylesCache``
    objects alive, each with the lines it drew for its widget: the widgets of every screen
    closed (History, Search, a dialog) and of every footer recomposed stay in memory that way.
    Measured at five years, 40 searches opened and closed: RSS 86 -> 115 MB and still rising.

    The two styles it makes depend only on the two colours it is given, so the same cache keyed
    on those alone gives the same styles and holds no widget."""
    original = StylesCache.get_inner_outer
    if getattr(original, "keeps_no_widget", False):
        return
    compute = original.__wrapped__  # the method itself, under lru_cache

    @lru_cache(1024)
    def inner_outer(base_background, background):
        return compute(None, base_background, background)  # it never reads self

    def get_inner_outer(self, base_background, background):
        return inner_outer(base_background, background)

    get_inner_outer.keeps_no_widget = True  # type: ignore[attr-defined]
    original.cache_clear()
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]


#: Textual's per-strip caches and the size Strip.__init__ gives each (textual/strip.py, 8.2.8).
STRIP_CACHES = {"_divide_cache": 4, "_crop_cache": 16, "_style_cache": 16, "_filter_cache": 4,
                "_line_length_cache": 4, "_crop_extend_cache": 4, "_offsets_cache": 4}


def strip_caches_made_on_first_use() -> None:
    """Each ``Strip`` (one drawn line) is born with seven empty ``FIFOCache`` objects, 128 bytes
    each with their dict: ~900 bytes a line, and the four screens and their caches keep ~5,000
    lines alive. Counted after the benchmark's tour at five years: 5,023 strips, 2,083 of their
    35,161 caches ever used (~4 MB held by empty ones). Here each cache is made when a strip
    first uses it, as Textual's own ``Content`` already does with its divide cache; what is
    cached, and when, is unchanged.

    The slots stay; each cache's name on the class becomes a property over its slot that makes
    the cache on first read, and ``__init__`` leaves the slots empty (None)."""
    from textual.cache import FIFOCache
    from textual.strip import Strip

    if getattr(Strip.__init__, "lazy_caches", False):
        return
    slots = [Strip.__dict__[name] for name in STRIP_CACHES]

    for slot, size in zip(slots, STRIP_CACHES.values()):
        def made(self, slot=slot, size=size):
            cache = slot.__get__(self, Strip)
            if cache is None:
                cache = FIFOCache(size)
                slot.__set__(self, cache)
            return cache

        made.slot = slot  # type: ignore[attr-defined] # the slot itself, read without making a cache
        setattr(Strip, slot.__name__, property(made, slot.__set__))

    def __init__(self, segments, cell_length=None) -> None:  # Strip.__init__, caches left empty
        self._segments = list(segments)
        self._cell_length = cell_length
        for slot in slots:
            slot.__set__(self, None)
        self._render_cache = None
        self._link_ids = None
        self._cell_count = None

    __init__.lazy_caches = True  # type: ignore[attr-defined]
    __init__.__doc__ = Strip.__init__.__doc__
    Strip.__init__ = __init__  # type: ignore[method-assign]


def input_paste_keeps_every_line() -> None:
    """Textual's ``Input`` (8.2.8) keeps only the first line of a paste, silently: a learner
    pasting a three-line error message into the question box (ctrl+n), a search or a form field
    saw one line saved and the rest gone. Here a paste of several lines arrives whole, its
    lines joined by spaces (``cleantext.pasted_line``); a one-line paste is unchanged. Boxes
    that take several lines are ``TextArea``s and never came here."""
    from textual.widgets import Input

    from .cleantext import pasted_line

    if getattr(Input._on_paste, "keeps_every_line", False):
        return

    def _on_paste(self, event) -> None:
        if event.text:
            line = pasted_line(event.text)
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *selection)
        event.stop()

    _on_paste.keeps_every_line = True  # type: ignore[attr-defined]
    Input._on_paste = _on_paste  # type: ignore[method-assign]


def text_field_keys_in_order() -> None:
    """In Textual (8.2.8) a text field inserts a typed character as it takes the key from its
    queue, but runs its own bindings (Backspace, Delete, the arrows, Home, End, Enter in a
    one-line box) only once the key has bubbled back up to the app. Keys that reach the field
    together (a fast typist while the app is busy for a moment, a terminal's burst) were
    applied out of order: "abc", Backspace, "d" gave "abc" (the Backspace took the "d"), and
    "teh", two Backspaces, "he" in the notes lost the correction.

    Here an ``Input`` or ``TextArea`` runs its own binding for a key when it takes the key, in
    order with the characters around it, as the app would have (first in the focus chain, same
    action, same ``check_action``); a key it has no binding for bubbles up as before. Not when
    the app has a keymap (the app would rebind the keys; mentor-tui sets none)."""
    from textual.widgets import Input, TextArea

    for cls in (Input, TextArea):
        original = cls.handle_key
        if getattr(original, "keys_in_order", False):
            continue

        async def handle_key(self, event, _original=original) -> bool:
            if await _original(self, event):
                return True
            if self.app._keymap or self.loading:
                return False
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return True
            return False

        handle_key.keys_in_order = True  # type: ignore[attr-defined]
        cls.handle_key = handle_key  # type: ignore[method-assign]
