"""The app shell, driven with Pilot as a learner drives it: keys in, store read back."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList

from mentor_tui.models import Question
from mentor_tui.screens.after import AfterScreen
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.screens.during import DuringScreen
from mentor_tui.screens.equipment import EquipmentScreen
from mentor_tui.dialogs.help import HelpScreen
from mentor_tui.dialogs.modals import CaptureQuestion
from .conftest import wait_until



async def test_opens_in_before_and_each_mode_has_its_key(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, BeforeScreen)
        for key, screen in [("f3", DuringScreen), ("f4", AfterScreen), ("f5", EquipmentScreen),
                            ("f2", BeforeScreen)]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), key


async def test_empty_inbox_says_what_to_press(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "ctrl+n" in str(app.screen.query_one("#inbox-empty").render())


async def test_ctrl_n_captures_a_question_into_the_store(make_app, store):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("f4", "ctrl+n")  # works from any mode
        assert isinstance(app.screen, CaptureQuestion)
        assert app.focused is app.screen.query_one("#q-text", Input)
        await pilot.press(*"Why is my test flaky?")
        await pilot.press("tab", *"testing async", "enter")
        assert await wait_until(pilot, lambda: store.all(Question))
        (q,) = store.all(Question)
        assert q.text == "Why is my test flaky?" and q.tags == ["testing", "async"]


async def test_escape_cancels_capture(make_app, store):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+n", *"never mind", "escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, CaptureQuestion) and store.all(Question) == []


async def test_question_from_another_process_shows_up_within_a_second(make_app, store):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        from .conftest import run_cli

        assert (await asyncio.to_thread(run_cli, "ask", "from the shell")).returncode == 0
        options = app.screen.query_one("#question-list", OptionList)

        def listed():
            return any("from the shell" in str(options.get_option_at_index(i).prompt)
                       for i in range(options.option_count))

        assert await wait_until(pilot, listed)  # within the poll; the bound is only for failing


async def test_quitting_with_a_typed_question_keeps_it(make_app, store):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+n", *"half-typed thought")
        await pilot.press("ctrl+q")
    assert [q.text for q in store.all(Question)] == ["half-typed thought"]


async def test_help_and_palette_list_the_modes(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c[0] for c in app.palette_commands()]
        assert any(t.startswith("During") for t in titles) and "New question" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"equipment", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, EquipmentScreen))


async def test_background_reads_step_aside_while_a_mode_switch_builds_its_screen(make_app, store,
                                                                                  monkeypatch):
    """Reads nobody waits for (the start's full read, the search prebuild) sleep between files
    while a mode switch builds its screen, so the new screen gets the UI thread's share of the
    GIL; once it is painted they go back to their short pause (not after a fixed time: a tour of
    the modes kept them asleep throughout), and the data still arrives."""
    import mentor_tui.app as app_module

    monkeypatch.setattr(app_module, "SWITCH_QUIET", 60.0)  # only the paint can end the hold
    for i in range(3):
        store.add(Question(text=f"question {i}"))
    app = make_app()
    held_until = []  # the hold's end, seen while the new screen is built
    compose = DuringScreen.compose

    def spy(screen):
        assert app.background_pause(0.004) > 0.004
        held_until.append(app._hold_until)
        return compose(screen)

    monkeypatch.setattr(DuringScreen, "compose", spy)
    async with app.run_test() as pilot:
        assert app.background_pause(0.004) == 0.004
        await pilot.press("f3")
        assert isinstance(app.screen, DuringScreen) and len(held_until) == 1
        assert await wait_until(pilot, lambda: app.background_pause(0.004) == 0.004)  # let go...
        assert app._hold_until < held_until[0]  # ...at the paint, before the hold's end
        assert [q.text for q in store.all(Question, pause=lambda: app.background_pause(0.0))] == [
            f"question {i}" for i in range(3)]
