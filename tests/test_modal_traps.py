"""No modal traps (issue #10, cases 5 and 6): typing never turns into commands, every dialog's
hint is true, a changed form asks before it is thrown away, and an open form survives ctrl+q.

Driven through the real app with Pilot; the store is read back where the learner's text should be.
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual.widgets import TextArea

from mentor_tui.models import Session
from mentor_tui.screens.during import AgendaList, DuringScreen
from mentor_tui.dialogs.modals import TextPrompt

from .conftest import resumed_live_notes, wait_until
from .test_during import plan, type_text


async def live(pilot, app) -> DuringScreen:
    return await resumed_live_notes(pilot)


# -- case 5: typing turns into commands -------------------------------------------------------------

async def test_esc_in_the_notes_changes_nothing_and_letters_stay_notes(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        await type_text(pilot, "We talked about ")
        await pilot.press("escape")
        assert app.focused is screen.editor
        await type_text(pilot, "csp")
        await pilot.press("enter")
        assert not isinstance(app.screen, TextPrompt)  # Enter did not open an answer box
        assert screen.editor.text == "We talked about csp\n"
        assert await wait_until(
            pilot, lambda: store.get(Session, session.id).notes == "We talked about csp\n")
    stored = store.get(Session, session.id)
    assert [a.state for a in stored.agenda] == ["pending", "pending"]


async def test_tab_and_shift_tab_never_hand_the_notes_keyboard_away(make_app, store):
    plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        for key in ("tab", "shift+tab", "tab", "shift+tab", "shift+tab"):
            await pilot.press(key)
            assert app.focused is screen.editor, key
        await type_text(pilot, "s")
        assert screen.editor.text.endswith("s")


async def test_ctrl_g_gives_the_agenda_the_keyboard_and_says_so(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        agenda = screen.query_one(AgendaList)
        assert not agenda.has_focus
        shown = screen.active_bindings["ctrl+g"]  # in the footer
        assert shown.binding.show and shown.enabled
        await pilot.press("ctrl+g")
        assert app.focused is agenda
        assert "Agenda has the keyboard" in str(agenda.border_title)
        assert "Esc" in str(agenda.border_subtitle)
        assert agenda.styles.border_top[0] not in ("", "none", "hidden")  # a visible frame
        await pilot.press("s")  # a command here, on purpose: skip the first question
        assert await wait_until(
            pilot, lambda: store.get(Session, session.id).agenda[0].state == "skipped")
        await pilot.press("escape")
        assert app.focused is screen.editor
        assert "keyboard" not in str(agenda.border_title)
        await pilot.press("ctrl+g")
        assert app.focused is agenda
        await pilot.press("ctrl+g")
        assert app.focused is screen.editor
        await type_text(pilot, "p")
        assert screen.editor.text == "p"
        assert isinstance(screen.editor, TextArea)


# -- case 6: the question edit form loses work -----------------------------------------------------

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "app.py", line 3, in <module>\n'
    "    main()\n"
    '  File "app.py", line 2, in main\n'
    "    return 1 / 0\n"
    "ZeroDivisionError: division by zero"
)


async def open_edit_form(pilot, app, store, **fields):
    from mentor_tui.models import Question
    from mentor_tui.dialogs.question_form import QuestionForm

    from .test_before import loaded

    q = store.add(Question(text="Why does my loop never end?", **fields))
    await loaded(pilot, app, 1)
    await pilot.press("e")
    assert await wait_until(pilot, lambda: isinstance(app.screen, QuestionForm))
    return q, app.screen


def in_view(widget, container) -> bool:
    """At least a few rows of *widget* (all of it when it is short) are visible in *container*."""
    shown = widget.region.intersection(container.region)
    return shown.height >= min(3, widget.outer_size.height) and shown.width > 0


async def test_tab_reaches_every_field_of_the_edit_form_in_view_at_80x24(make_app, store):
    from textual.widgets import Input, Select

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        q, form = await open_edit_form(pilot, app, store)
        box = form.query_one(".form-dialog")
        order = ["f-text", "f-tags", "f-priority", "f-details", "f-error"]
        seen = [app.focused.id]
        for _ in range(len(order) - 1):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(app.focused.id)
            assert in_view(app.focused, box), app.focused.id
        assert seen == order
        # Tab moved on from Details instead of typing spaces into it
        assert form.query_one("#f-details", TextArea).text == ""
        # Error text is tall enough to read a traceback
        error = form.query_one("#f-error", TextArea)
        assert error.size.height >= 6
        error.load_text(TRACEBACK)
        await pilot.pause()
        assert len(error.wrapped_document.lines) <= error.size.height  # all six lines show
        await pilot.press("shift+tab")
        assert app.focused.id == "f-details" and in_view(app.focused, box)
        assert isinstance(form.query_one("#f-text"), Input) and form.query_one(Select)


async def test_esc_on_a_changed_edit_form_asks_before_discarding(make_app, store):
    from mentor_tui.models import Question
    from mentor_tui.dialogs.forms import DiscardChanges
    from mentor_tui.dialogs.question_form import QuestionForm

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        q, form = await open_edit_form(pilot, app, store)
        await pilot.press("escape")  # nothing changed: just closes
        assert not isinstance(app.screen, QuestionForm)

        await pilot.press("e")
        assert await wait_until(pilot, lambda: isinstance(app.screen, QuestionForm))
        form = app.screen
        await pilot.press("tab", "tab", "tab")  # to Details
        assert app.focused.id == "f-details"
        await type_text(pilot, "It prints forever")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("escape")  # keep editing
        assert app.screen is form
        assert form.query_one("#f-details", TextArea).text == "It prints forever"
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("enter")  # the safe button has the focus: keep editing
        assert app.screen is form
        await pilot.press("escape", "d")  # discard, on purpose
        assert not isinstance(app.screen, (QuestionForm, DiscardChanges))
        await pilot.pause(0.3)
    assert store.get(Question, q.id).details == ""


async def test_ctrl_q_with_the_edit_form_open_keeps_the_typing(make_app, store, data_dir):
    from mentor_tui.app import make_app as factory
    from mentor_tui.store import Store

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        q, form = await open_edit_form(pilot, app, store)
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "It prints forever")
        await pilot.press("tab")
        await type_text(pilot, "RecursionError")
        await pilot.press("ctrl+q")
    # a fresh start on the same data folder: the form shows what was typed
    app2 = factory(Store(data_dir).open(), poll_interval=0.1)
    async with app2.run_test(size=(80, 24)) as pilot:
        from .test_before import loaded

        await loaded(pilot, app2, 1)
        await pilot.press("e")
        await pilot.pause()
        assert app2.screen.query_one("#f-details", TextArea).text == "It prints forever"
        assert app2.screen.query_one("#f-error", TextArea).text == "RecursionError"
        assert app2.screen.query_one("#f-text").value == "Why does my loop never end?"


# -- the same promises on the other forms ----------------------------------------------------------

async def test_quick_entry_asks_before_discarding_and_a_snippet_keeps_its_hint(make_app, store):
    from mentor_tui.dialogs.during import QuickEntry
    from mentor_tui.dialogs.forms import DiscardChanges

    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, QuickEntry)
        await pilot.press("escape")  # nothing typed: closes
        assert app.screen is screen and app.focused is screen.editor

        await pilot.press("ctrl+r")
        await type_text(pilot, "Fixtures compose")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("d")
        assert app.screen is screen

        # a snippet: Tab indents, Esc cancels, as its hint says
        await pilot.press("ctrl+b")
        hint = str(app.screen.query_one(".dialog-hint").render())
        assert "Tab indents" in hint and "Esc cancels" in hint
        await pilot.press("tab")
        await type_text(pilot, "x")
        assert app.screen.query_one("#entry-text", TextArea).text == "    x"
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("d")
        assert app.screen is screen
        await pilot.pause(0.2)
    assert store.get(Session, session.id).entries == []


async def test_ctrl_q_stores_an_open_quick_entry_and_an_open_answer(make_app, store, data_dir):
    from mentor_tui.models import Question
    from mentor_tui.dialogs.during import QuickEntry

    session, questions = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await live(pilot, app)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, QuickEntry)
        await type_text(pilot, "Blocked the loop")
        await pilot.press("ctrl+q")
    (entry,) = store.get(Session, session.id).entries
    assert entry.kind == "mistake" and entry.text == "Blocked the loop"

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await live(pilot, app)
        await pilot.press("ctrl+g", "enter")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "Use a generator")
        await pilot.press("ctrl+q")
    assert store.get(Question, questions[0].id).answer == "Use a generator"


async def test_session_form_asks_before_discarding_and_survives_ctrl_q(make_app, store):
    from mentor_tui.models import Question
    from mentor_tui.dialogs.forms import DiscardChanges
    from mentor_tui.dialogs.session_form import SessionForm

    from .test_before import loaded

    store.add(Question(text="first for mentor", status="for_mentor"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("2")
        assert await wait_until(pilot, lambda: len(store.all(Session)) == 1)
        await pilot.press("p")
        assert isinstance(app.screen, SessionForm)
        await pilot.press("escape")  # unchanged: closes
        assert not isinstance(app.screen, SessionForm)
        await pilot.press("p")
        await type_text(pilot, "Ada")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("k")  # keep editing
        assert isinstance(app.screen, SessionForm)
        await pilot.press("tab")
        await type_text(pilot, "Async JS")
        await pilot.press("ctrl+q")
    (stored,) = store.all(Session)
    assert stored.mentor == "Ada" and stored.topic == "Async JS"


async def test_plan_dialog_closes_on_esc_when_untouched_and_asks_when_changed(make_app, store):
    from mentor_tui.dialogs.forms import DiscardChanges
    from mentor_tui.dialogs.practice import PlanDialog

    from .test_after import Clock, ended_session, open_after, plan_dialog_ready

    ended_session(store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(app, pilot)
        await pilot.press("p")
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))
        await pilot.pause(0.2)
        await pilot.press("escape")
        assert not isinstance(app.screen, PlanDialog)
        await pilot.press("p")
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))
        await type_text(pilot, " now")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("d")
        assert not isinstance(app.screen, (PlanDialog, DiscardChanges))
