"""The notes autosaver on its own: saves during a long burst of typing, never two writes at once,
coalesces while a slow write runs, and the last text always lands."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timezone

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from mentor_tui import live_session as ls
from mentor_tui.models import AgendaItem, Question, Session
from mentor_tui.widgets.notes_autosave import NotesAutosaver


class EditorApp(App):
    def __init__(self, save, delay=0.2, max_wait=0.5) -> None:
        super().__init__()
        self.save, self.delay, self.max_wait = save, delay, max_wait

    def compose(self) -> ComposeResult:
        yield TextArea(id="notes")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        self.saver = NotesAutosaver(self.screen, editor, self.save, delay=self.delay,
                                    max_wait=self.max_wait)
        editor.focus()

    def on_text_area_changed(self) -> None:
        self.saver.changed()


async def test_saves_during_a_burst_and_coalesces_slow_writes():
    saves: list[tuple[float, str]] = []
    running = threading.Semaphore(1)
    overlaps = []

    def slow_save(text: str) -> None:
        if not running.acquire(blocking=False):
            overlaps.append(text)
            return
        try:
            time.sleep(0.15)
            saves.append((time.monotonic(), text))
        finally:
            running.release()

    app = EditorApp(slow_save)
    async with app.run_test() as pilot:
        start = time.monotonic()
        typed = ""
        while time.monotonic() - start < 2.5:  # 2.5 s of typing without a pause
            app._driver.send_message(events.Key("a", "a"))
            typed += "a"
            await asyncio.sleep(0.02)
        await pilot.pause(1.0)
        editor = app.query_one(TextArea)
        assert editor.text == typed
    assert not overlaps
    assert saves[-1][1] == typed  # the last text landed
    during = [t for t, _ in saves if t < start + 2.5]
    assert len(during) >= 2  # saved while typing, not only after the pause
    gaps = [b - a for a, b in zip([start, *during], during)]
    assert max(gaps) < 1.0  # no more than about a second of typing is ever unsaved
    assert len(saves) < 15  # but not once per key


async def test_a_failed_save_is_reported_and_retried():
    calls = []

    def flaky(text: str) -> None:
        calls.append(text)
        if len(calls) == 1:
            raise OSError("disk full")

    errors = []
    app = EditorApp(flaky, delay=0.05)
    async with app.run_test() as pilot:
        app.saver.on_error = errors.append
        await pilot.press("x")
        await pilot.pause(3.0)
    assert errors and calls[-1] == "x" and len(calls) >= 2


def test_end_session_carries_unanswered_and_keeps_chosen_takeaways(store):
    now = datetime.now(timezone.utc)
    q1 = store.add(Question(text="one?", status="for_mentor"))
    q2 = store.add(Question(text="two?", status="for_mentor"))
    s = store.add(Session(status="live", started_at=now,
                          agenda=[AgendaItem(question_id=q1.id), AgendaItem(question_id=q2.id)]))
    ls.answer_question(store, s.id, q1.id, "because", now)
    ls.save_notes(store, s.id, "# Notes\n- keep this line\n- and not this\n")
    s, follow = ls.add_follow_up(store, s.id, "three?", now, to_agenda=False)
    keys = dict((text, key) for key, text in ls.takeaway_candidates(s))
    ended = ls.end_session(store, s.id, now, takeaway_keys=[keys["keep this line"]],
                           summary="ok", rating=5)
    assert ended.takeaways == ["keep this line"] and ended.rating == 5
    assert [a.state for a in ended.agenda] == ["answered", "carried"]
    assert store.get(Question, q1.id).status == "answered"
    assert store.get(Question, q2.id).status == "for_mentor"
    assert store.get(Question, follow.id).status == "for_mentor"
    assert ended.entries[0].kind == "question" and not ended.entries[0].takeaway
