"""Ticked and unticked boxes, chosen and unchosen radio buttons, differ by glyph, not only by
colour: read as plain text (what a monochrome terminal or a screen reader gets), they must differ."""

from __future__ import annotations

from textual.widgets import RadioButton

from mentor_tui.models import Entry, Question, Session
from mentor_tui.dialogs.during import EndSession, QuickEntry
from mentor_tui.screens.stuck import StuckCheck

from .conftest import wait_until


def screen_lines(app) -> list[str]:
    """The screen as plain text, colours dropped."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def line_with(app, words: str) -> str:
    """The first line on the screen holding *words*."""
    return next(line for line in screen_lines(app) if words in line)


def drawn_text(app, widget) -> str:
    """The first line of *widget* as drawn on the screen."""
    region = widget.region
    return screen_lines(app)[region.y][region.x:region.right]


def box(line: str, words: str) -> str:
    """The three cells of the button drawn just before *words* (and one space)."""
    at = line.index(words)
    return line[at - 4:at - 1]


async def test_end_of_call_takeaways_and_rating_read_without_colour(make_app, store):
    session = Session(mentor="Ada", topic="async", status="live", rating=4, entries=[
        Entry(kind="insight", text="Fixtures compose"),
        Entry(kind="note", text="Ada shares her screen"),
    ])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(EndSession(session, {}))
        await pilot.pause()
        ticked = box(line_with(app, "Fixtures compose"), "Fixtures compose")
        unticked = box(line_with(app, "Ada shares her screen"), "Ada shares her screen")
        assert ticked != unticked and ticked.strip("▐▌ ") and not unticked.strip("▐▌ ")
        buttons = list(app.screen.query(RadioButton))
        buttons[0].scroll_visible(animate=False)
        await pilot.pause()
        drawn = [drawn_text(app, button)[:3] for button in buttons]
        assert drawn[3] not in (drawn[0], drawn[1], drawn[2], drawn[4])  # rating 4 is chosen
        assert len(set(drawn)) == 2
        app.screen.query_one("#end-takeaways").scroll_visible(animate=False)
        app.screen.query_one("#end-takeaways").focus()
        await pilot.pause()

        # ticking one by hand changes its glyph
        await pilot.press("down", "space")
        await pilot.pause()
        assert box(line_with(app, "Ada shares her screen"), "Ada shares her screen") == ticked


async def test_quick_question_checkbox_reads_without_colour(make_app, store):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(QuickEntry("question"))
        await pilot.pause()
        words = "Ask it in this session"
        ticked = box(line_with(app, words), words)
        await pilot.press("tab", "space")
        await pilot.pause()
        unticked = box(line_with(app, words), words)
        assert ticked != unticked and not unticked.strip("▐▌ ")


async def test_stuck_checklist_reads_without_colour(make_app, store):
    store.add(Question(text="Why does my fetch return a Promise?"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query("#question-list"))
        await pilot.pause(0.3)
        await pilot.press("c")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StuckCheck))
        await pilot.press("space")  # tick the first item
        await pilot.pause()
        first = box(line_with(app, "Read every line"), "Read every line")
        second = box(line_with(app, "Cut the code down"), "Cut the code down")
        assert first != second and first.strip("▐▌ ") and not second.strip("▐▌ ")
