"""A question captured from the shell while the app is starting is never lost from view.

The poller notices another process's writes by comparing the files' fingerprints with a
baseline. Housekeeping used to take that baseline whenever its thread got to it, after waiting
for the store's lock, and so could take in a question the shell had just added: the app never
announced it, and the inbox did not show it until something else changed."""

from __future__ import annotations

import threading

from mentor_tui.models import Question
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.store import Store
from mentor_tui.widgets.inbox_pane import InboxPane

from .conftest import wait_until


async def test_a_question_added_while_housekeeping_waits_shows_in_the_inbox(make_app, store, data_dir):
    store.add(Question(text="asked yesterday"))
    store.mark_done_once("cards-caught-up")  # the start's catch-up job then writes nothing
    gate = threading.Event()
    real_cleanup = store.cleanup

    def slow_cleanup():
        gate.wait(10)  # housekeeping held up, as behind the store's lock on a busy machine
        return real_cleanup()

    store.cleanup = slow_cleanup
    app = make_app(poll_interval=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                                    and app.screen.loaded)
            Store(data_dir).open().add(Question(text="asked from the shell just now"))
        finally:
            gate.set()
        assert await wait_until(
            pilot, lambda: len(app.screen.query_one(InboxPane).questions) == 2, timeout=3.0)
        texts = {q.text for q in app.screen.query_one(InboxPane).questions}
        assert "asked from the shell just now" in texts


async def test_start_up_chores_wait_while_a_screen_is_built(make_app, store, monkeypatch):
    """Work nobody waits for (cleanup and backup, the cards' catch-up) sleeps while the
    background is held, as it is while a mode's screen is built: at five years it took ~50 ms
    of CPU inside During's first visit when F3 came as the first screen appeared. Once the
    hold ends, each of them runs."""
    from mentor_tui import review_cards

    ran: list[str] = []
    store.cleanup = lambda: ran.append("cleanup") or 0
    monkeypatch.setattr(review_cards, "catch_up", lambda _store, _now: ran.append("catch-up") or [])
    app = make_app()
    app.hold_background(60)  # as a mode switch does (``hold_until_painted``), for the whole start
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app._chores_started, timeout=3.0)
        await pilot.pause(0.6)  # a few of the waiting threads' naps
        assert ran == []
        app._hold_until = 0.0  # the screen is painted
        assert await wait_until(pilot, lambda: {"cleanup", "catch-up"} <= set(ran))


async def _as_before_any_read(app, pilot) -> int:
    """Once the app has settled, take its baseline away, as before its first read; the serial."""
    assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen) and app.screen.loaded)
    await pilot.pause(0.3)
    app._signatures = {}
    return app.data_revision.serial


async def test_a_poll_before_any_read_announces_nothing(make_app, store):
    """With no baseline yet nothing has been read, so nothing is news. A poll that came first
    (F4 pressed as the app appeared, Before's read not yet started) announced every collection,
    and After set its read ahead aside and read again (a flaky CI test)."""
    store.add(Question(text="asked yesterday"))
    app = make_app(poll_interval=0.05, search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        serial = await _as_before_any_read(app, pilot)
        await pilot.pause(0.5)  # ten polls
        assert app.data_revision.serial == serial
        app._baseline_failed = True  # the store could not be read for a baseline: say all changed
        assert await wait_until(pilot, lambda: app.data_revision.serial > serial), app.data_revision
        assert "questions" in app.data_revision.kinds


async def test_a_store_job_before_any_read_announces_only_what_it_wrote(make_app, store):
    from mentor_tui.models import PracticeTask

    app = make_app(poll_interval=60, search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        serial = await _as_before_any_read(app, pilot)
        app.run_store(lambda: app.store.add(PracticeTask(title="write a loop")))
        assert await wait_until(pilot, lambda: app.data_revision.serial > serial)
        assert app.data_revision.kinds == {"tasks"}
