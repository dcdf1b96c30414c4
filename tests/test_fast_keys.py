"""Keys delivered together (a paste, a fast typist, an app busy for a moment) go where the one
before them sent the focus, not to the widget that had it: "/red" typed into the inbox filters
by "red"; it never opens the edit form ("e") or asks to delete ("d")."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from mentor_tui.models import Question
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.inbox_pane import InboxPane

from .conftest import wait_until


def send_together(app, text: str) -> None:
    """Queue every key of *text* at once, as a terminal delivers a burst of input."""
    for ch in text:
        key = events.Key({"/": "slash", " ": "space"}.get(ch, ch), ch)
        key.set_sender(app)
        app._driver.send_message(key)  # as the driver does for input read in one go


async def test_slash_then_letters_in_one_burst_filter_the_inbox(make_app, store):
    store.add(Question(text="why does [red]x[/red] print a tab?"))
    store.add(Question(text="second question"))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one(InboxPane)
        assert await wait_until(pilot, lambda: app.screen.loaded and len(pane.listed) == 2)
        assert app.focused.id == "question-list"
        send_together(app, "/red")
        assert await wait_until(pilot, lambda: app.screen.query_one("#inbox-filter", Input).value == "red")
        await pilot.pause(0.2)
        assert isinstance(app.screen, BeforeScreen)  # no edit form, no delete question
        assert [q.text for q in pane.listed] == ["why does [red]x[/red] print a tab?"]
    assert len(store.all(Question)) == 2


async def test_a_slash_typed_in_the_filter_is_text(make_app, store):
    store.add(Question(text="what is in src/app?"))
    store.add(Question(text="second question"))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one(InboxPane)
        assert await wait_until(pilot, lambda: app.screen.loaded and len(pane.listed) == 2)
        await pilot.press("slash", "s", "r", "c", "slash", "a")
        assert app.screen.query_one("#inbox-filter", Input).value == "src/a"
        assert await wait_until(pilot, lambda: [q.text for q in pane.listed] == ["what is in src/app?"])
