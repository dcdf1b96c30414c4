"""Every form opens with the focus on its first field, so the learner types where the eye starts
(the ad hoc session form used to start on Topic when the mentor was prefilled from the last call).

Every dialog class is listed here: a new form without an entry fails the coverage test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.screen import ModalScreen

from mentor_tui.models import Entry, Question, Session
from mentor_tui.practice import SourceLine
from mentor_tui.dialogs import during as during_dialogs, forms, modals, practice as practice_dialogs, question_form, session_form
from mentor_tui.dialogs.during import EndSession, QuickEntry, StartSession
from mentor_tui.dialogs.forms import DiscardChanges
from mentor_tui.dialogs.modals import CaptureQuestion, Confirm, TextPrompt
from mentor_tui.dialogs.practice import CardEditor, PlanDialog, SessionPicker
from mentor_tui.dialogs.question_form import QuestionForm
from mentor_tui.dialogs.session_form import SessionForm
from mentor_tui.screens.stuck import StuckCheck

from .conftest import wait_until

ENDED = Session(mentor="Ada", topic="async", status="ended",
                entries=[Entry(kind="insight", text="Fixtures compose")])

#: Each dialog, built as its opener builds it, with the id of its first field.
FORMS = {
    "start session, mentor prefilled": (lambda: StartSession("Start", "Ada", "Debugging", 45), "start-mentor"),
    "start session, blank": (lambda: StartSession("Start", "", "", 45), "start-mentor"),
    **{f"quick {kind}": (lambda kind=kind: QuickEntry(kind), "entry-text") for kind in during_dialogs.ENTRY_KINDS},
    "end of session": (lambda: EndSession(ENDED, {}), "end-takeaways"),
    "capture question": (lambda: CaptureQuestion(), "q-text"),
    "text prompt": (lambda: TextPrompt("Answer"), "prompt-input"),
    "text prompt, several lines": (lambda: TextPrompt("Answer", multiline=True), "prompt-input"),
    "confirm": (lambda: Confirm("Delete it?"), "yes"),
    "discard changes": (lambda: DiscardChanges(), "keep"),
    "edit question": (lambda: QuestionForm(Question(text="Why?", details="d")), "f-text"),
    "next session": (lambda: SessionForm(Session(mentor="Ada", topic="t"), 45), "s-mentor"),
    "pick a session": (lambda: SessionPicker([ENDED], set()), "session-options"),
    "practice plan": (lambda: PlanDialog(ENDED, [SourceLine("insight", "Fixtures compose")]), "title-warmup"),
    "edit card": (lambda: CardEditor("front", "back"), "card-front"),
}


def fields(screen) -> list:
    """The focusable widgets in Tab order, without the scrolling frames around them."""
    return [w for w in screen.focus_chain if type(w).__module__ != "textual.containers"]


def test_every_dialog_is_checked():
    built = {type(make()) for make, _ in FORMS.values()}
    dialogs = {cls for module in (during_dialogs, forms, modals, practice_dialogs, question_form, session_form)
               for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, ModalScreen) and cls.__module__ == module.__name__
               and cls is not forms.FormScreen}
    assert dialogs <= built, dialogs - built


@pytest.mark.parametrize("name", FORMS)
async def test_a_form_opens_on_its_first_field(make_app, name):
    make, first_id = FORMS[name]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(make())
        await pilot.pause()
        chain = fields(app.screen)
        assert chain[0].id == first_id  # the test's idea of the first field is the Tab order's
        assert app.focused is chain[0], f"{name}: focus on {app.focused!r}"


async def test_the_stuck_check_opens_on_its_checklist(make_app, store):
    store.add(Question(text="Why does my fetch return a Promise?"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query("#question-list"))
        await pilot.pause(0.3)
        await pilot.press("c")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StuckCheck))
        assert app.focused is fields(app.screen)[0] and app.focused.id == "stuck-checklist"


async def test_the_ad_hoc_form_after_a_call_starts_on_the_mentor(make_app, store):
    """The mentor comes prefilled from the last call; the focus is still on that first field."""
    store.add(Session(mentor="Grace", topic="Logging", status="ended",
                      started_at=ENDED.created_at - timedelta(days=1),
                      ended_at=ENDED.created_at - timedelta(days=1)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause(0.3)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartSession))
        await pilot.pause()
        assert app.screen.query_one("#start-mentor").value == "Grace"
        assert app.focused.id == "start-mentor"
