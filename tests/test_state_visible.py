"""State a learner can see: an active status filter stays in sight, every priority has a mark,
dialog titles fit at 80 columns, and the call's agenda cursor moves on after an answer."""

from __future__ import annotations

from textual.widgets import Label, OptionList

from mentor_tui.models import AgendaItem, Question, Session
from mentor_tui.planning import next_open
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.inbox_pane import InboxPane
from mentor_tui.screens.during import AgendaList, DuringScreen
from mentor_tui.dialogs.modals import TextPrompt

from .conftest import wait_until


async def _inbox(pilot, app, count):
    assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                            and len(app.screen.query_one(InboxPane).questions) == count)


async def test_an_active_status_filter_stays_visible_until_cleared(make_app, store):
    store.add(Question(text="open one"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _inbox(pilot, app, 1)
        state = app.screen.query_one("#inbox-status-filter")
        assert not state.display
        await pilot.press("t")  # open: one question
        await pilot.press("t")  # checking: none
        await pilot.pause(5)  # long after the toast is gone
        assert state.display and "“checking” only" in str(state.render()) and "t " in str(state.render())
        detail = app.screen.query_one("#question-detail")
        assert "status “checking”" in detail.source
        for _ in range(4):  # for mentor, solved, answered, all
            await pilot.press("t")
        await pilot.pause()
        assert not state.display


async def test_every_priority_has_a_mark(make_app, store):
    for p in ("low", "normal", "high"):
        store.add(Question(text=f"{p} one", priority=p))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _inbox(pilot, app, 3)
        ol = app.screen.query_one("#question-list", OptionList)
        lines = {str(ol.get_option_at_index(i).prompt) for i in range(3)}
    marks = {line.split(" ", 1)[0] for line in lines}
    assert marks == {"!", "·", "↓"}


async def test_a_long_dialog_title_wraps_at_80_columns(make_app, store):
    title = "Log time: minutes, then an optional note after a space (for example: 25 read the docs)"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(TextPrompt(title))
        await pilot.pause()
        label = app.screen.query_one(".dialog-title", Label)
        dialog = app.screen.query_one(".dialog")
        assert label.region.right <= dialog.region.right
        assert label.region.height >= 2  # wrapped, not cut
        rendered = "".join(str(line) for line in label.render_lines(label.region.reset_offset))
        assert "25 read the docs)" in app.export_screenshot() or "docs)" in rendered


def test_next_open_skips_answered_and_wraps():
    qs = [AgendaItem(question_id="0" * 16, state=s) for s in ("answered", "pending", "skipped", "pending")]
    assert next_open(qs, 1) == 3
    assert next_open(qs, 3) == 1
    assert next_open([AgendaItem(question_id="0" * 16, state="answered")], 0) is None


async def test_the_call_agenda_moves_to_the_next_open_item_after_an_answer(make_app, store):
    questions = [store.add(Question(text=f"Question {i}?", status="for_mentor")) for i in range(3)]
    store.add(Session(mentor="Ada", agenda=[AgendaItem(question_id=q.id) for q in questions]))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, DuringScreen)
        assert await wait_until(pilot, lambda: screen.planned)
        await pilot.press("enter", "enter")
        assert await wait_until(pilot, lambda: screen.session is not None)
        agenda = screen.query_one("#agenda", AgendaList)
        await pilot.press("ctrl+g")
        assert agenda.has_focus and agenda.highlighted == 0
        assert await wait_until(pilot, lambda: len(screen.questions) == 3)
        await pilot.press("enter")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"yes", "ctrl+s")
        assert await wait_until(pilot, lambda: screen.session.agenda[0].state == "answered")
        assert await wait_until(pilot, lambda: agenda.highlighted == 1)
