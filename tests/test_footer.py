"""The footer is one widget that draws the keys (``widgets/footer.KeysFooter``): a widget per key,
as Textual's Footer mounts, cost ~27 KB each, and every mode screen keeps its footer. What it
shows is checked by the snapshots (unchanged, cell for cell); this checks that it acts as
Textual's keys do: a click runs the key under the pointer, a hover lights it and says what it
does, and nothing is mounted per key."""

from __future__ import annotations

from rich.console import Console
from textual.widget import Widget

from mentor_tui.dialogs.modals import CaptureQuestion
from mentor_tui.models import Question
from mentor_tui.widgets.footer import KeysFooter

from .conftest import wait_until


def _span(footer: KeysFooter, action: str) -> tuple[int, int]:
    return next((start, end) for k, start, end in footer.spans if k.action == action)


def _shows(app, action: str) -> bool:
    footers = app.screen.query(KeysFooter)
    return bool(footers) and any(k.action == action for k in footers.first().keys)


async def test_the_footer_is_one_widget_and_a_click_runs_the_key_under_it(make_app, store):
    store.add(Question(text="q"))  # the list has the keyboard (an empty inbox gives it to the filter)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: _shows(app, "app.capture_question"))
        footer = app.screen.query_one(KeysFooter)
        assert not list(footer.query(Widget))  # no widget per key
        start, end = _span(footer, "app.capture_question")
        assert footer.render().plain[start:end] == " n New "
        await pilot.click(KeysFooter, offset=(start + 1, 0))
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaptureQuestion)), app.screen


async def test_hovering_a_key_lights_it_and_says_what_it_does(make_app, store):
    store.add(Question(text="q"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: _shows(app, "app.capture_question"))
        footer = app.screen.query_one(KeysFooter)
        start, _end = _span(footer, "command_palette")
        plain = footer.render()
        await pilot.hover(KeysFooter, offset=(start + 2, 0))
        assert footer._hover is not None and footer._hover.palette
        assert footer.tooltip  # the palette key's tooltip, as Textual's key shows it
        lit = footer.render()
        assert lit.plain == plain.plain  # the same keys
        console = Console()
        for x in (start + 1, start + 5):  # the key and its description: lit, visibly
            assert lit.get_style_at_offset(console, x).bgcolor != plain.get_style_at_offset(console, x).bgcolor
        assert lit.get_style_at_offset(console, 0).bgcolor == plain.get_style_at_offset(console, 0).bgcolor
        await pilot.hover(KeysFooter, offset=(0, 0))
        assert footer._hover is not None and not footer._hover.palette
