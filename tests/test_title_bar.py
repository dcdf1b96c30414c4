"""The title bar (``widgets/header.TitleBar``) is one widget drawing what Textual's Header draws
with four: the snapshots show it unchanged, cell for cell. This drives what they cannot show: it
follows the screen's subtitle, its icon opens the palette, and a click elsewhere makes it tall."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widget import Widget

from mentor_tui.widgets.header import TitleBar

from .conftest import wait_until


def _line(bar: TitleBar) -> str:
    return bar.render().plain


async def test_the_title_bar_follows_the_screen_and_opens_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query(TitleBar)
                                and "mentor-tui — Before" in _line(app.screen.query_one(TitleBar)))
        bar = app.screen.query_one(TitleBar)
        assert not list(bar.query(Widget))  # one widget, no icon, title or clock widgets
        line = _line(bar)
        assert len(line) == 80 and line[1] == "⭘"
        title = "mentor-tui — Before"
        assert line.index(title) == 8 + (80 - 18 - len(title)) // 2  # centred between icon and clock
        app.screen.sub_title = "Before · [b]session[/b] in 2 h"  # shown as it is, never as markup
        assert await wait_until(pilot, lambda: "Before · [b]session[/b] in 2 h" in _line(bar))
        app.title = "mentor-tui  ⟳ 4 min ago"  # the sync badge (``MentorApp``) lives in the app's title
        assert await wait_until(pilot, lambda: "mentor-tui  ⟳ 4 min ago — Before" in _line(bar))
        await pilot.click(TitleBar, offset=(40, 0))
        assert await wait_until(pilot, lambda: bar.size.height == 3)
        await pilot.click(TitleBar, offset=(40, 1))
        assert await wait_until(pilot, lambda: bar.size.height == 1)
        await pilot.hover(TitleBar, offset=(1, 0))
        assert bar.tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(1, 0))
        assert await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_a_long_title_ends_in_an_ellipsis_inside_the_bar(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query(TitleBar))
        bar = app.screen.query_one(TitleBar)
        app.screen.sub_title = "Before · " + "x" * 60
        assert await wait_until(pilot, lambda: "…" in _line(bar))
        line = _line(bar)
        assert len(line) == 40 and line.rstrip().endswith("…") and len(line.rstrip()) <= 40 - 10
