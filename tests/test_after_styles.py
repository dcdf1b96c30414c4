"""After's stylesheet styles only After: visiting it leaves Before looking the same."""

from __future__ import annotations

from mentor_tui.screens.after import AfterScreen
from mentor_tui.screens.before import BeforeScreen

from .conftest import wait_until
from .test_after import Clock, ended_session


def review_pane_styles(app) -> tuple:
    pane = app.screen.query_one("#review-pane")
    return (pane.styles.padding, pane.styles.margin, pane.styles.border, pane.styles.height)


async def test_visiting_after_leaves_befores_review_pane_as_it_was(make_app, store):
    ended_session(store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                                and bool(app.screen.query("#review-pane")))
        first = review_pane_styles(app)
        await pilot.press("f4")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen) and app.screen.loaded)
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("f2")
        assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen))
        await pilot.pause(0.1)
        assert review_pane_styles(app) == first
        assert app.screen.query_one("#review-pane").styles.padding.top == 0
