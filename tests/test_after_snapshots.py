"""Snapshots of the After tabs on fixed data, a fixed clock and a fixed time zone."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from mentor_tui.models import PracticeLog, PracticeTask, Question, Session
from mentor_tui.screens.after import AfterScreen

from .conftest import workers_settled
from .test_after import T0, TAKEAWAYS, Clock, wait_until


@pytest.fixture
def utc_zone(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def after_app(utc_zone, make_app, store):
    session = store.add(Session(topic="Async basics", mentor="Ana", status="ended",
                                started_at=T0 - timedelta(hours=6), ended_at=T0 - timedelta(hours=5),
                                takeaways=TAKEAWAYS))
    from mentor_tui.live_session import add_cards

    add_cards(store, session, session.ended_at)  # as ending the session made them
    made = T0 - timedelta(hours=5)  # planned as the session ended (a fixed time: due words depend on it)
    store.put_many([
        PracticeTask(title="Warm-up: await a sleep in a tiny script", kind="warmup", session_id=session.id, created_at=made,
                     source=TAKEAWAYS[0], due_at=T0 + timedelta(hours=19)),
        PracticeTask(title="Fetch three URLs with gather", kind="core", session_id=session.id, created_at=made,
                     source=TAKEAWAYS[1], due_at=T0 - timedelta(days=1),
                     timer_started_at=T0 - timedelta(minutes=7)),
        PracticeTask(title="Stretch: add a timeout to each fetch", kind="stretch", session_id=session.id, created_at=made,
                     source=TAKEAWAYS[1], due_at=T0 + timedelta(days=2)),
    ])
    day = T0.date()
    store.put_many([PracticeLog(day=day - timedelta(days=i), minutes=10 + (i * 7) % 50) for i in range(0, 60, 2)]
                   + [PracticeLog(day=day - timedelta(days=1), minutes=20)])
    store.put_many([Question(text=f"q{i}", status="solved" if i % 3 else "answered",
                             solved_alone=bool(i % 3), answered_at=T0 - timedelta(days=9 * i))
                    for i in range(12)])
    return make_app(clock=Clock())


def loaded(app) -> bool:
    return isinstance(app.screen, AfterScreen) and app.screen.loaded


async def _open(pilot, tab_key: str) -> None:
    await pilot.press("f4")
    assert await wait_until(pilot, lambda: loaded(pilot.app))
    await pilot.press(tab_key)
    await workers_settled(pilot.app)  # every read drawn, also on a loaded machine
    await pilot.pause(0.2)


def test_practice_tab(snap_compare, after_app):
    async def run_before(pilot):
        await _open(pilot, "t")

    assert snap_compare(after_app, terminal_size=(100, 30), run_before=run_before)


def test_progress_tab(snap_compare, after_app):
    async def run_before(pilot):
        await _open(pilot, "o")

    assert snap_compare(after_app, terminal_size=(100, 36), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_progress_with_weekly_chart(snap_compare, after_app, size):
    """The minutes-per-week bars beside the heat-map, at the two sizes a learner uses most."""
    async def run_before(pilot):
        await _open(pilot, "o")

    assert snap_compare(after_app, terminal_size=size, run_before=run_before)
