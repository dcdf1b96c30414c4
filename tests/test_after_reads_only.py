"""Opening After only reads; the cards an old session lacks are made once at start, not on load."""

from __future__ import annotations

import os
from datetime import timedelta

from mentor_tui.live_session import add_cards
from mentor_tui.models import PracticeTask, ReviewCard, Session
from mentor_tui.screens.after import AfterScreen

from .test_after import T0, TAKEAWAYS, Clock, ended_session, text_of
from .conftest import wait_until, workers_settled


def record_files(root) -> dict[str, tuple[int, int]]:
    """Every data file under the store (not backups or caches) with its mtime and size."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "backups"]
        for name in filenames:
            if name.endswith(".json"):
                st = os.stat(os.path.join(dirpath, name))
                out[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_mtime_ns, st.st_size)
    return out


async def test_opening_after_writes_nothing(make_app, store):
    session = ended_session(store)
    add_cards(store, session, session.ended_at)  # as ending the session made them
    store.add(PracticeTask(title="read the docs", kind="core", session_id=session.id,
                           due_at=T0 + timedelta(hours=3)))
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_settled(app)
        await pilot.pause(0.3)
        await workers_settled(app)
        before = record_files(store.root)
        counts = (len(store.all(Session)), len(store.all(ReviewCard)), len(store.all(PracticeTask)))
        await pilot.press("f4")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen) and app.screen.loaded)
        for key in ("r", "o", "t"):
            await pilot.press(key)
        await pilot.pause(0.2)
        await workers_settled(app)
        assert "From: Async basics" in text_of(app.screen, "#task-detail")
        assert record_files(store.root) == before
        assert (len(store.all(Session)), len(store.all(ReviewCard)), len(store.all(PracticeTask))) == counts


async def test_an_old_session_without_cards_gets_them_at_start(make_app, store):
    session = ended_session(store)  # ended by an older version: no cards
    store.add(Session(topic="next", status="planned"))
    assert store.all(ReviewCard) == []
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:  # Before is shown; After never opened
        assert await wait_until(pilot, lambda: len(store.all(ReviewCard)) == 2)
        assert sorted(c.text for c in store.all(ReviewCard)) == sorted(TAKEAWAYS)
        assert {c.session_id for c in store.all(ReviewCard)} == {session.id}
