"""Work-arounds for Textual bugs still open upstream (Textual 8.2.8 is pinned in pyproject.toml).

Each is applied once, by ``app.py`` as it is imported, before any widget is drawn, and names the
upstream issue, so it can go when a Textual release fixes it.
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
