"""``textual_fixes.strip_caches_made_on_first_use``: a drawn line holds only the caches it used
(Textual gives every line seven empty ones: ~4 MB of the app's memory after a tour of the
modes at five years), and what is drawn is unchanged (the snapshot tests draw every screen)."""

from __future__ import annotations

import gc

from rich.segment import Segment
from textual.strip import Strip

from mentor_tui.models import Question
from mentor_tui.textual_fixes import STRIP_CACHES


def _slot(strip: Strip, name: str):
    """The slot's content, without making the cache (the property would)."""
    return Strip.__dict__[name].fget.slot.__get__(strip, Strip)


def test_a_line_makes_a_cache_when_it_first_uses_it():
    import mentor_tui.app  # noqa: F401 - applies the fix, as the app's import does

    strip = Strip([Segment("hello "), Segment("world")])
    assert all(_slot(strip, name) is None for name in STRIP_CACHES)
    first = strip.crop(0, 5)
    assert first.text == "hello" and strip.crop(0, 5) is first  # cached, as before
    made = {name for name in STRIP_CACHES if _slot(strip, name) is not None}
    assert made == {"_crop_cache"}


async def test_after_a_tour_of_the_modes_no_line_holds_an_empty_cache(make_app, store):
    store.put_many([Question(text=f"question {n} about closures") for n in range(40)])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("f3", "f4", "f5", "f2", "f6", "escape"):
            await pilot.press(key)
            await pilot.pause(0.2)
        gc.collect()
        strips = [o for o in gc.get_objects() if type(o) is Strip]
        held = [c for s in strips for c in (_slot(s, n) for n in STRIP_CACHES) if c is not None]
    assert len(strips) > 500 and held  # the screens drew, and their lines used some caches
    assert all(len(c._cache) for c in held)  # a cache exists only once something is in it
    assert len(held) < len(strips)  # Textual alone held 7 per line
