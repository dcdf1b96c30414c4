"""No modal traps (issue #10, cases 5 and 6): typing never turns into commands, every dialog's
hint is true, a changed form asks before it is thrown away, and an open form survives ctrl+q.

Driven through the real app with Pilot; the store is read back where the learner's text should be.
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual.widgets import TextArea

from mentor_tui.models import Session
from mentor_tui.screens.during import AgendaList, DuringScreen
from mentor_tui.screens.modals import TextPrompt

from .conftest import wait_until
from .test_during import plan, type_text


async def live(pilot, app) -> DuringScreen:
    assert await wait_until(pilot, lambda: isinstance(app.screen, DuringScreen)
                            and app.screen.session is not None)
    return app.screen


# -- case 5: typing turns into commands -------------------------------------------------------------

async def test_esc_in_the_notes_changes_nothing_and_letters_stay_notes(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        await type_text(pilot, "We talked about ")
        await pilot.press("escape")
        assert app.focused is screen.editor
        await type_text(pilot, "csp")
        await pilot.press("enter")
        assert not isinstance(app.screen, TextPrompt)  # Enter did not open an answer box
        assert screen.editor.text == "We talked about csp\n"
        assert await wait_until(
            pilot, lambda: store.get(Session, session.id).notes == "We talked about csp\n")
    stored = store.get(Session, session.id)
    assert [a.state for a in stored.agenda] == ["pending", "pending"]


async def test_tab_and_shift_tab_never_hand_the_notes_keyboard_away(make_app, store):
    plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        for key in ("tab", "shift+tab", "tab", "shift+tab", "shift+tab"):
            await pilot.press(key)
            assert app.focused is screen.editor, key
        await type_text(pilot, "s")
        assert screen.editor.text.endswith("s")


async def test_ctrl_g_gives_the_agenda_the_keyboard_and_says_so(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live(pilot, app)
        agenda = screen.query_one(AgendaList)
        assert not agenda.has_focus
        shown = screen.active_bindings["ctrl+g"]  # in the footer
        assert shown.binding.show and shown.enabled
        await pilot.press("ctrl+g")
        assert app.focused is agenda
        assert "Agenda has the keyboard" in str(agenda.border_title)
        assert "Esc" in str(agenda.border_subtitle)
        assert agenda.styles.border_top[0] not in ("", "none", "hidden")  # a visible frame
        await pilot.press("s")  # a command here, on purpose: skip the first question
        assert await wait_until(
            pilot, lambda: store.get(Session, session.id).agenda[0].state == "skipped")
        await pilot.press("escape")
        assert app.focused is screen.editor
        await pilot.press("ctrl+g")
        assert app.focused is agenda
        await pilot.press("ctrl+g")
        assert app.focused is screen.editor
        await type_text(pilot, "p")
        assert screen.editor.text == "p"
        assert isinstance(screen.editor, TextArea)
