"""History as pictures at 80×24 and 120×40: the list of sessions with their counts, and one
past session read back (fixed data, a fixed clock and UTC, so the SVGs change only when the
screens do). The session read has a rating, entries of several kinds, notes with text that
looks like markup (shown as typed), an answered question and a practice task."""

from __future__ import annotations

import pytest

from mentor_tui.app import make_app
from mentor_tui.models import AgendaItem, Entry, PracticeTask, Question, Session, new_id
from mentor_tui.store import Store

from . import snapshot_data
from .conftest import wait_until
from .snapshot_data import at

SIZES = [(80, 24), (120, 40)]
ASYNC_ID = new_id(at(1500))


def fill_history(store) -> None:
    """The learner's usual data plus one rich past session: the one the read view shows."""
    snapshot_data.fill(store)
    question = Question(id=new_id(at(1600)), created_at=at(1600), status="answered", tags=["js"],
                        text="Why does await inside forEach not wait?", session_id=ASYNC_ID,
                        answer="forEach ignores the promises; use for…of or Promise.all.")
    store.add(question)
    store.add(Session(
        id=ASYNC_ID, created_at=at(1500), status="ended", mentor="Linus", topic="Async JavaScript",
        started_at=at(1500), ended_at=at(1450), planned_minutes=45, rating=4,
        agenda=[AgendaItem(question_id=question.id, minutes=15, state="answered")],
        notes="Promises are values; `await` unwraps one.\n\n- [ ] read the event loop chapter\n"
              "- Tried [bold]this[/bold] in the console: it printed as typed",
        entries=[
            Entry(id=new_id(at(1495)), at=at(1495), kind="insight", text="An async function always returns a Promise",
                  takeaway=True),
            Entry(id=new_id(at(1480)), at=at(1480), kind="mistake", text="Used forEach with await",
                  lesson="Use for…of when order matters"),
            Entry(id=new_id(at(1470)), at=at(1470), kind="link", text="https://javascript.info/event-loop",
                  label="Event loop explained"),
        ],
        takeaways=["Reach for Promise.all when the calls are independent"],
    ))
    store.add(PracticeTask(id=new_id(at(1440)), created_at=at(1440), title="Rewrite the fetch loop with Promise.all",
                           kind="core", session_id=ASYNC_ID))


@pytest.fixture
def app(tmp_path):
    snapshot_data.use_utc()
    store = Store(tmp_path / "snap").open()
    fill_history(store)
    return make_app(store, clock=snapshot_data.clock, poll_interval=60)


async def open_history(pilot):
    """F6, then wait until every row has its counts (not the first, quick "…" list)."""
    await pilot.press("f6")
    screen = pilot.app.screen
    assert await wait_until(pilot, lambda: getattr(screen, "loaded", False))
    table = screen.query_one("#history-table")
    assert table.row_count == 3
    await pilot.pause(0.2)
    return screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_list(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=open_history)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_session_read_view(snap_compare, app, size):
    async def run_before(pilot):
        history = await open_history(pilot)
        history.select(ASYNC_ID)
        await pilot.press("enter")
        view = pilot.app.screen
        assert await wait_until(pilot, lambda: getattr(view, "bundle", None) is not None)
        assert "Async JavaScript" in view.markdown_text()
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
