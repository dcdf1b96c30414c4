"""Notes autosave goes through the app's one store lane: typing saves, yet no screen is told the
data changed (``data_revision`` stays put), while another process's write still moves it."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone

from textual import events

from mentor_tui.models import AgendaItem, Question, Session
from .conftest import resumed_live_notes, wait_until


async def test_typing_notes_for_three_seconds_does_not_move_data_revision(make_app, store):
    q = store.add(Question(text="Why?", status="for_mentor"))
    session = store.add(Session(status="live", started_at=datetime.now(timezone.utc),
                                agenda=[AgendaItem(question_id=q.id)]))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resumed_live_notes(pilot)
        await pilot.pause(0.5)  # start-up writes (backup, housekeeping) settle
        revision = app.data_revision
        start, typed = time.monotonic(), ""
        while time.monotonic() - start < 3.0:  # ~3 s of steady typing
            app._driver.send_message(events.Key("a", "a"))
            typed += "a"
            await asyncio.sleep(0.03)
        assert await wait_until(pilot, lambda: store.get(Session, session.id).notes == typed,
                                timeout=3)
        await pilot.pause(0.5)  # a few more polls
        assert app.data_revision == revision  # the autosave was not news to any screen
        assert store.get(Session, session.id).notes == typed

        # another process's write still reaches the screens
        store.add(Question(text="From the other pane?", ))
        assert await wait_until(pilot, lambda: app.data_revision != revision)
        assert "questions" in app.changed_kinds
        assert app.changed_kinds == app.data_revision.kinds


async def test_an_unexpected_error_in_an_app_worker_is_a_toast_not_an_exit(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        def broken(*_args, **_kwargs):
            raise RuntimeError("sync exploded")

        app.auto_sync.run = broken
        app.action_sync_now()
        assert await wait_until(pilot, lambda: any(
            "sync exploded" in n.message for n in app._notifications))
        assert app.is_running
        note = next(n for n in app._notifications if "sync exploded" in n.message)
        assert note.title == "Background task failed" and note.severity == "error"


async def test_quit_while_an_autosave_is_being_written_is_quick_and_keeps_the_last_words(
        make_app, store, monkeypatch):
    from mentor_tui import live_session

    session = store.add(Session(status="live", started_at=datetime.now(timezone.utc)))
    real_save = live_session.save_notes
    writing = []

    def slow_save(*args):
        writing.append(True)
        time.sleep(0.6)  # a slow disk: the write is still going when the learner quits
        return real_save(*args)

    monkeypatch.setattr(live_session, "save_notes", slow_save)
    app = make_app()
    async with app.run_test() as pilot:
        await resumed_live_notes(pilot)
        await pilot.press("a", "b")
        assert await wait_until(pilot, lambda: writing)  # the autosave is on disk's way
        await pilot.press("c")
        start = time.monotonic()
        await pilot.press("ctrl+q")
        quit_took = time.monotonic() - start
    assert store.get(Session, session.id).notes == "abc"
    assert quit_took < 2.0  # not the lane's 5 s drain timeout


async def test_a_screen_closed_before_its_read_came_back_stops_neither_the_lane_nor_the_learner(
        make_app, store):
    """F6, then Esc before History's reads came back: the rows went to a screen whose table was
    gone. The long read showed "Background task failed"; had it been the store lane's callback,
    the lane's thread would have died with it and every later write would have waited forever.
    A result for a screen that has closed is now dropped, and a callback that fails is reported
    without stopping the lane."""
    from mentor_tui.screens.history import HistoryScreen

    store.add(Session(mentor="Ana", status="ended", started_at=datetime.now(timezone.utc)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        closed = app.screen
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: closed._closing or closed._closed)
        app.run_store(lambda: [], closed._show_heads)  # its heads, after it closed
        app.read_in_background(lambda: [], closed._show, group="history-read")  # its rows

        def broken(_result) -> None:
            raise RuntimeError("a callback's own bug")

        app.run_store(lambda: None, broken)
        app.run_store(lambda: store.add(Question(text="still saved after all that")))
        assert await wait_until(pilot, lambda: any(
            q.text == "still saved after all that" for q in store.all(Question)), timeout=3)
        await pilot.pause(0.3)
        messages = [n.message for n in app._notifications]
        assert any("a callback's own bug" in m for m in messages)  # a real bug is still shown
        assert not any("NoMatches" in m for m in messages)  # a closed screen's result is not
