"""The stuck check's note search reads every past session in a thread: a file that cannot be read
then is a notification, and the app (and the check's clock) carries on."""

from __future__ import annotations

from mentor_tui.models import Question, Session
from mentor_tui.screens.stuck import StuckCheck
from mentor_tui.store import StoreError

from .conftest import wait_until
from .test_before import fixed_clock, loaded


async def test_a_failing_note_search_is_a_notification_not_an_exit(make_app, store, monkeypatch):
    store.add(Question(text="Why does my loop stop early?"))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("c")
        assert isinstance(app.screen, StuckCheck)
        real_all = store.all

        def broken_all(model, **kwargs):
            if model is Session:
                raise StoreError("cannot read sessions/2026.json: permission denied")
            return real_all(model, **kwargs)

        monkeypatch.setattr(store, "all", broken_all)
        await pilot.press("f")
        assert await wait_until(pilot, lambda: any(
            "permission denied" in str(n.message) for n in app._notifications))
        assert app.is_running and isinstance(app.screen, StuckCheck)
        assert "could not be read" in str(app.screen.query_one("#stuck-notes").render())
        await pilot.press("m")  # the check still works: bring it to the mentor
        assert await wait_until(pilot, lambda: real_all(Question)[0].status == "for_mentor")
