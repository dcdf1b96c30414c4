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
