"""Mode screens skip Textual's full restyle on every resume (``screens/hooks.KeepsStylesOnResume``):
a screen hidden while the theme changed must still show the new theme when it comes back."""

from __future__ import annotations

import pytest

from mentor_tui.widgets.header import TitleBar

from .conftest import wait_until


async def change_theme_then_show(pilot, hidden, key: str, mode: str) -> None:
    """Change the theme while *hidden* is not shown, press *key*, and wait for *hidden* (mode
    *mode*) to show the new theme."""
    app = pilot.app
    old = hidden.query_one(TitleBar).styles.background
    app.theme = "textual-light" if app.theme != "textual-light" else "nord"
    assert await wait_until(pilot, lambda: app.screen.query_one(TitleBar).styles.background != old)
    new = app.screen.query_one(TitleBar).styles.background
    await pilot.press(key)
    assert await wait_until(pilot, lambda: app.current_mode == mode)
    assert await wait_until(pilot, lambda: hidden.query_one(TitleBar).styles.background == new)


@pytest.mark.parametrize("key, mode", [("f3", "during"), ("f4", "after")])
async def test_a_theme_changed_while_a_mode_was_hidden_shows_when_it_comes_back(make_app, key, mode):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        assert await wait_until(pilot, lambda: app.current_mode == mode)
        hidden = app.screen
        await pilot.press("f2")
        assert await wait_until(pilot, lambda: app.current_mode == "before")
        await change_theme_then_show(pilot, hidden, key, mode)


async def test_a_theme_changed_while_before_was_hidden_shows_when_it_comes_back(make_app):
    """The first mode's screen is marked styled when it is first left (``MentorApp.switch_mode``),
    so the first return to it no longer re-parses all CSS; a theme change must still reach it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.screen
        await pilot.press("f3")
        assert await wait_until(pilot, lambda: app.current_mode == "during")
        await change_theme_then_show(pilot, before, "f2", "before")
