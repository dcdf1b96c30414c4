"""Every dialog, and During with a session under way, as pictures at 80×24 and 120×40.

Each dialog is opened over the Before screen of a learner a few weeks in (fixed data, a fixed
clock and UTC), so an SVG changes only when that dialog's look does. After an intended change,
run `pytest tests/test_dialog_snapshots.py --snapshot-update` and look at the new SVGs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mentor_tui.app import make_app
from mentor_tui.models import Question, Session
from mentor_tui.store import Store

from . import snapshot_data
from .conftest import wait_until

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def store(tmp_path):
    snapshot_data.use_utc()
    store = Store(tmp_path / "snap").open()
    snapshot_data.fill(store)
    return store


def ended(store) -> Session:
    return next(s for s in store.all(Session) if s.status == "ended")


def planned(store) -> Session:
    return next(s for s in store.all(Session) if s.status == "planned")


def questions(store) -> dict[str, Question]:
    return {q.id: q for q in store.all(Question)}


def _capture(store):
    from mentor_tui.dialogs.modals import CaptureQuestion
    return CaptureQuestion("Why does `git pull` say [rejected]?", "git", "high")


def _confirm(store):
    from mentor_tui.dialogs.modals import Confirm
    return Confirm("Delete this question and its 2 attempts?", yes="Delete", no="Keep")


def _prompt(store):
    from mentor_tui.dialogs.modals import TextPrompt
    return TextPrompt("Answer: what is arr[0]?", "the first item", placeholder="type the answer")


def _discard(store):
    from mentor_tui.dialogs.forms import DiscardChanges
    return DiscardChanges()


def _question_form(store):
    from mentor_tui.dialogs.question_form import QuestionForm
    return QuestionForm(next(q for q in store.all(Question) if q.details))


def _session_form(store):
    from mentor_tui.dialogs.session_form import SessionForm
    return SessionForm(planned(store), 30)


def _start_session(store):
    from mentor_tui.dialogs.during import StartSession
    return StartSession("Start the session", "Grace", "Web apps", 30)


def _quick_entry(store):
    from mentor_tui.dialogs.during import QuickEntry
    return QuickEntry("insight")


def _end_session(store):
    from mentor_tui.dialogs.during import EndSession
    return EndSession(ended(store), questions(store))


def _session_picker(store):
    from mentor_tui.dialogs.practice import SessionPicker
    from mentor_tui.models import new_id
    first = ended(store)
    earlier = Session(id=new_id(snapshot_data.at(9000)), status="ended", mentor="Grace", topic="Git workflows",
                      started_at=snapshot_data.at(9000), ended_at=snapshot_data.at(8950),
                      takeaways=["Pull before you push"])
    # Only ended sessions, with fixed dates: a planned one is labelled by its updated_at (today's date).
    return SessionPicker([first, earlier], {earlier.id})


def _plan_dialog(store):
    from mentor_tui.dialogs.practice import PlanDialog
    from mentor_tui.practice import source_lines
    session = ended(store)
    return PlanDialog(session, source_lines(session))


def _card_editor(store):
    from mentor_tui.dialogs.practice import CardEditor
    return CardEditor("Tuples or lists for fixed records?", "Tuples: they are immutable.")


def _record_view(store):
    from mentor_tui.screens.history import RecordView
    return RecordView("# Python basics\n\n- Prefer tuples for fixed records\n- Read tracebacks bottom-up\n")


DIALOGS: dict[str, Callable] = {
    "capture": _capture, "confirm": _confirm, "prompt": _prompt, "discard": _discard,
    "question_form": _question_form, "session_form": _session_form, "start_session": _start_session,
    "quick_entry": _quick_entry, "end_session": _end_session, "session_picker": _session_picker,
    "plan": _plan_dialog, "card_editor": _card_editor, "record_view": _record_view,
}


async def settle(pilot) -> None:
    for _ in range(10):
        await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(snap_compare, store, name, size):
    app = make_app(store, clock=snapshot_data.clock, poll_interval=60)
    dialog = DIALOGS[name](store)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(dialog)
        assert await wait_until(pilot, lambda: pilot.app.screen is dialog and dialog.is_mounted)
        for editor in dialog.query("Input, TextArea"):
            editor.cursor_blink = False  # a blinking cursor would be caught on or off at random
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, store, size):
    app = make_app(store, clock=snapshot_data.clock, poll_interval=60)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        assert await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
