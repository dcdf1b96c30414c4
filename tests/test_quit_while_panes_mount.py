"""Quitting while Before's Agenda and Review panes are being mounted ends quietly.

Seen on Python 3.13 in CI: the app quit right after start, Textual pruned the Review pane's
insides, and showing the data read so far raised NoMatches: a traceback on the way out. The same
missing widget while the app runs is a bug and still raises."""

from __future__ import annotations

import pytest
from textual.css.query import NoMatches

from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.review_pane import ReviewPane

from .conftest import wait_until


async def _panes_gone(pilot):
    screen = pilot.app.screen
    assert await wait_until(pilot, lambda: isinstance(screen, BeforeScreen)
                            and screen._panes_ready.is_set() and screen._data is not None)
    await screen.query_one(ReviewPane).query_children().remove()
    return screen


async def test_showing_the_panes_as_the_app_quits_raises_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _panes_gone(pilot)
        app.exit()
        screen._show_panes(*screen._data)  # no NoMatches


async def test_a_missing_pane_widget_while_running_still_raises(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _panes_gone(pilot)
        with pytest.raises(NoMatches):
            screen._show_panes(*screen._data)
