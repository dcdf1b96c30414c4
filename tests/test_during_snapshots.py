"""During-mode screens as pictures at 80×24 and 120×40: the start view (a planned session) and a
live session (notes, agenda with an answered and a current question, timeline, the clock).

These SVGs were made on the code before During was split into panes (issue #11) and pass
unchanged after it. Run `pytest --snapshot-update` after an intended UI change and look at them."""

from __future__ import annotations

import pytest

from mentor_tui.app import make_app
from mentor_tui.models import AgendaItem, Entry, Question, Session, new_id
from mentor_tui.store import Store

from . import snapshot_data
from .snapshot_data import at

SIZES = [(80, 24), (120, 40)]


def _app(tmp_path, live: bool):
    snapshot_data.use_utc()
    store = Store(tmp_path / "snap").open()
    snapshot_data.fill(store)
    if live:
        planned = next(s for s in store.all(Session) if s.status == "planned")
        q1, q2 = (store.get(Question, i.question_id) for i in planned.agenda)
        store.update(Session, planned.id, lambda s: s.model_copy(update={
            "status": "live", "started_at": at(12), "planned_minutes": 30,  # no heads-up toast
            "notes": "# Web apps\n- blueprints group routes by feature\n- models in their own "
                     "module, [b]not[/b] in app.py\n",
            "agenda": [AgendaItem(question_id=q1.id, minutes=15, state="answered"),
                       AgendaItem(question_id=q2.id, minutes=10, state="current")],
            "entries": [Entry(id=new_id(at(20)), kind="insight", at=at(20),
                              text="An app factory makes testing easy"),
                        Entry(id=new_id(at(12)), kind="link", at=at(12),
                              text="https://flask.palletsprojects.com/blueprints/", label="docs")],
        }))
    return make_app(store, clock=snapshot_data.clock, poll_interval=60,
                    search_prebuild_delay=None)


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_view(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(_app(tmp_path, live=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_live_session(snap_compare, tmp_path, size):
    async def run_before(pilot):
        app = pilot.app
        for _ in range(100):  # the live session is resumed at start-up; wait for its notes
            if getattr(app.screen, "session", None) is not None and app.focused is not None \
                    and app.focused.id == "notes":
                break
            await pilot.pause(0.05)
        for editor in app.screen.query("TextArea, Input"):
            editor.cursor_blink = False  # a blinking cursor would be caught on or off at random
        await settle(pilot)

    assert snap_compare(_app(tmp_path, live=True), terminal_size=size, run_before=run_before)
