"""A paste of several lines into a one-line box (the question box, Search, a form field) keeps
every line, joined by spaces: Textual's ``Input`` kept the first line and dropped the rest without
a word (``textual_fixes.input_paste_keeps_every_line``)."""

from __future__ import annotations

from hypothesis import given, strategies as st
from textual import events
from textual.widgets import Input

from mentor_tui.cleantext import pasted_line
from mentor_tui.dialogs.modals import CaptureQuestion
from mentor_tui.models import Question
from mentor_tui.screens.search import SearchScreen

from .conftest import wait_until

ERROR = "TypeError: can't add 'int' and 'str'\r\n  File \"kata.py\", line 3\n\n[b]why?[/b] 🐍\n"


def test_the_lines_of_a_paste_are_joined_by_spaces():
    assert pasted_line(ERROR) == "TypeError: can't add 'int' and 'str' File \"kata.py\", line 3 [b]why?[/b] 🐍"
    assert pasted_line("one line\n") == "one line"  # a copied line with its newline
    assert pasted_line("\n\nafter blank lines") == "after blank lines"  # the first line was empty: nothing pasted
    assert pasted_line("  as\tcopied ") == "  as\tcopied "  # one line: unchanged


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\n\r\x85 \t")))
def test_a_paste_loses_no_word_and_holds_no_line_break(text):
    line = pasted_line(text)
    assert line.split() == text.split()
    if any(ch in text for ch in "\r\n\x85"):
        assert not any(ch in line for ch in "\r\n\x85")
    else:
        assert line == text


async def paste(app, pilot, text: str) -> None:
    app._driver.send_message(events.Paste(text))  # what a terminal's bracketed paste becomes
    await pilot.pause()


async def test_a_pasted_error_message_is_saved_whole_as_the_question(make_app, store):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureQuestion)
        await pilot.press(*"Help:", "space")
        await paste(app, pilot, ERROR)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: store.all(Question))
        (q,) = store.all(Question)
        assert q.text == "Help: " + pasted_line(ERROR)


async def test_a_paste_of_two_lines_searches_for_both(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await paste(app, pilot, "closure\nscope\n")
        box = app.screen.query_one("#search-input", Input)
        assert box.value == "closure scope"
        await pilot.press("home")
        await paste(app, pilot, "x")  # a one-line paste goes in where the cursor is, as before
        assert box.value == "xclosure scope"
