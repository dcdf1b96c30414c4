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


#: Keys :func:`send_burst` takes by name; any other string is typed a character at a time.
EDIT_KEYS = {"tab", "shift+tab", "enter", "backspace", "delete", "left", "right", "home", "end"}


def send_burst(app, *items) -> None:
    """Queue keys (a name from ``EDIT_KEYS``, or text typed a character at a time) and pastes
    (``events.Paste``) at once, as a terminal delivers what arrived in one read."""
    for item in items:
        if isinstance(item, events.Paste):
            messages = [item]
        elif item in EDIT_KEYS:
            messages = [events.Key(item, {"tab": "\t", "enter": "\r"}.get(item))]
        else:
            messages = [events.Key({" ": "space", "?": "question_mark"}.get(ch, ch), ch) for ch in item]
        for message in messages:
            message.set_sender(app)
            app._driver.send_message(message)


async def test_text_typed_or_pasted_with_a_tab_goes_to_the_next_field(make_app, store):
    """Seen in tmux: a name pasted, Tab and a topic typed at once put the topic in the name."""
    from mentor_tui.dialogs.modals import CaptureQuestion

    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureQuestion)
        fields = {box.id: box for box in app.screen.query(Input)}
        send_burst(app, events.Paste("Why does\nit stop?"), "tab", "loops py")
        assert await wait_until(pilot, lambda: fields["q-tags"].value == "loops py")
        assert fields["q-text"].value == "Why does it stop?"
        # A field reached by Tab has its text selected (Textual's Input): typing replaces it,
        # as it does when typed slowly.
        send_burst(app, "shift+tab", "When does it stop?", "tab", "async")
        assert await wait_until(pilot, lambda: fields["q-tags"].value == "async")
        assert fields["q-text"].value == "When does it stop?"
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: store.all(Question))
    (q,) = store.all(Question)
    assert q.text == "When does it stop?" and "async" in q.tags


async def test_tab_reaches_the_editors_that_indent_with_it():
    """The notes editor and snippets bind Tab themselves, and a ``TextArea`` in indent mode
    takes it in its key handler: there Tab is left to Textual (``tab_now`` moves nothing), so
    it indents (driven in the app by test_modal_traps, a snippet, and test_during, the notes)."""
    from textual.app import App
    from textual.widgets import TextArea

    from mentor_tui.widgets.editors import CodeArea
    from mentor_tui.widgets.focus import tab_now

    class Fields(App):
        def compose(self):
            yield Input(id="field")
            yield CodeArea.code_editor("", id="code")
            yield TextArea(tab_behavior="indent", id="indent")
            yield TextArea(tab_behavior="indent", read_only=True, id="shown")

    app = Fields()
    async with app.run_test() as pilot:
        for name, moves in [("field", True), ("code", False), ("indent", False), ("shown", True)]:
            app.screen.set_focus(app.query_one(f"#{name}"))
            await pilot.pause()
            assert tab_now(app.screen, "tab") is moves, name
            assert app.focused.id != name if moves else app.focused.id == name
        app.screen.set_focus(app.query_one("#code"))
        assert tab_now(app.screen, "shift+tab") and app.focused.id == "field"  # Tab only indents
        assert not tab_now(app.screen, "x")


async def test_corrections_typed_in_a_burst_land_where_they_were_typed(make_app, store):
    """A text field ran its own keys (Backspace, arrows, Home, Enter) only after the characters
    typed after them: "abc", Backspace, "d" saved "abc" (``text_field_keys_in_order``)."""
    from mentor_tui.dialogs.modals import CaptureQuestion

    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureQuestion)
        send_burst(app, "Why teh", "backspace", "backspace", "he", "left", "left", "left", "left", "left",
                   "delete", "x", "home", "Q: ", "end", "?", "enter")
        assert await wait_until(pilot, lambda: store.all(Question))
    assert [q.text for q in store.all(Question)] == ["Q: Whx the?"]


async def test_corrections_typed_in_a_burst_into_live_notes_are_kept_in_order(make_app, store):
    from mentor_tui.models import Session, utcnow

    from .conftest import resumed_live_notes
    from .test_clean_input import notes_on_disk

    session = store.add(Session(mentor="Ada", status="live", started_at=utcnow()))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await resumed_live_notes(pilot)
        send_burst(app, "teh", "backspace", "backspace", "he", "enter", "clsoure", "left", "left",
                   "left", "backspace", "backspace", "os", "end", "s", "home", "- ")
        expected = "the\n- closures"
        assert await wait_until(pilot, lambda: screen.editor.text == expected), screen.editor.text
        assert await wait_until(pilot, lambda: notes_on_disk(store, session.id) == expected, timeout=2)
