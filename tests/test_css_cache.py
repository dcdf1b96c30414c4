"""The stylesheet cache (``css_cache``): a hit gives the rules Textual's parser gives, a miss
parses, and a damaged or unwritable cache costs only the time."""

from __future__ import annotations

import os
import pickle

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from mentor_tui.css_cache import CachedStylesheet, CssCache, cached_stylesheet

CSS = """
InboxPane { height: 1fr; border: round $primary; }
#inbox-stats { color: $text-muted; padding: 0 1; }
Footer > .footer-key--key { text-style: bold; }
"""
VARIABLES = {"primary": "#0178D4", "text-muted": "#999999"}


def parsed(stylesheet: Stylesheet) -> str:
    stylesheet.add_source(CSS, read_from=("app.tcss", ""))
    stylesheet.parse()
    return "\n".join(rule.css for rule in stylesheet.rules)


def no_parser(monkeypatch) -> None:
    def fail(*_args, **_kwargs):
        raise AssertionError("Textual's parser ran: the cache missed")

    monkeypatch.setattr(textual_stylesheet, "parse", fail)


def test_a_second_start_takes_the_rules_from_the_file_and_they_match_textuals(tmp_path, monkeypatch):
    path = tmp_path / "css.pickle"
    expected = parsed(Stylesheet(variables=VARIABLES))
    first = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    assert parsed(first) == expected
    first.disk_cache.save()
    assert path.exists()

    no_parser(monkeypatch)
    second = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    assert parsed(second) == expected


def test_other_theme_variables_miss_and_parse_again(tmp_path, monkeypatch):
    path = tmp_path / "css.pickle"
    first = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    parsed(first)
    first.disk_cache.save()

    other = {"primary": "#FF0000", "text-muted": "#999999"}
    expected = parsed(Stylesheet(variables=other))
    assert "#FF0000".lower() in expected.lower()
    assert parsed(CachedStylesheet(cache=CssCache(path), variables=other)) == expected


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01.", os.urandom(64)],
                         ids=["empty", "text", "an int", "random"])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced(tmp_path, content):
    path = tmp_path / "css.pickle"
    path.write_bytes(content)
    sheet = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    assert parsed(sheet) == parsed(Stylesheet(variables=VARIABLES))
    sheet.disk_cache.save()
    assert CssCache(path).get(next(iter(CssCache(path)._entries))) is not None


def test_an_entry_that_does_not_load_is_parsed_again(tmp_path):
    path = tmp_path / "css.pickle"
    first = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    parsed(first)
    path.write_bytes(pickle.dumps({key: b"garbage" for key in first.disk_cache._new}))
    again = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    assert parsed(again) == parsed(Stylesheet(variables=VARIABLES))


def test_the_cache_lets_go_of_what_it_has_loaded_or_written_and_a_save_keeps_the_files_entries(tmp_path, monkeypatch):
    """The file holds every theme's rules seen (~0.4 MB): an entry's bytes are let go once its
    rules are loaded, new ones once written, and a save adds to what the file holds."""
    path = tmp_path / "css.pickle"
    first = CachedStylesheet(cache=CssCache(path), variables=VARIABLES)
    parsed(first)
    first.disk_cache.save()
    assert first.disk_cache._new == {}  # written: not kept in memory
    one_theme = set(CssCache(path)._entries)

    other = {"primary": "#FF0000", "text-muted": "#999999"}
    second = CachedStylesheet(cache=CssCache(path), variables=other)
    parsed(second)  # misses: another theme's variables
    second.disk_cache.save()
    both = set(CssCache(path)._entries)
    assert one_theme < both  # the first theme's entries are still in the file

    no_parser(monkeypatch)
    cache = CssCache(path)
    third = CachedStylesheet(cache=cache, variables=VARIABLES)
    assert parsed(third) == parsed(CachedStylesheet(cache=cache, variables=VARIABLES))  # the same rules twice
    assert set(cache._entries) == both - one_theme  # the bytes of what was loaded are gone


def test_a_cache_folder_that_cannot_be_made_costs_only_the_time(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")  # fails for root too
    sheet = CachedStylesheet(cache=CssCache(blocker / "css.pickle"), variables=VARIABLES)
    assert parsed(sheet) == parsed(Stylesheet(variables=VARIABLES))
    sheet.disk_cache.save()  # no exception
    assert blocker.read_text() == "a file where the folder should be"


def test_the_app_saves_the_cache_and_the_next_app_starts_from_it(tmp_path, monkeypatch, make_app):
    monkeypatch.setenv("MENTOR_TUI_CACHE_DIR", str(tmp_path / "cache"))
    app = make_app()
    assert isinstance(app.stylesheet, CachedStylesheet)
    path = app.stylesheet.disk_cache.path
    assert path.parent == tmp_path / "cache"

    import asyncio

    async def start_and_quit(app) -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("ctrl+q")

    asyncio.run(start_and_quit(app))
    assert path.exists()
    saved = len(CssCache(path)._entries)
    assert saved > 20  # our files and the widgets' DEFAULT_CSS

    no_parser(monkeypatch)
    asyncio.run(start_and_quit(make_app()))


def test_copy_keeps_the_cache(tmp_path):
    sheet = cached_stylesheet(Stylesheet(variables=VARIABLES), tmp_path / "css.pickle")
    assert isinstance(sheet.copy(), CachedStylesheet)
    assert sheet.copy().disk_cache is sheet.disk_cache
