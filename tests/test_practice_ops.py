"""Practice and review-card operations on a real store, without a UI (no Pilot)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mentor_tui import practice as P
from mentor_tui import practice_ops as ops
from mentor_tui import review_cards as cards
from mentor_tui.models import PracticeLog, PracticeTask, ReviewCard, Session

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
TAKEAWAYS = ["await only works inside async def", "asyncio.gather runs coroutines together"]


def ended(store, **kw) -> Session:
    fields = dict(topic="Async", status="ended", started_at=T0 - timedelta(hours=3),
                  ended_at=T0 - timedelta(hours=2), takeaways=TAKEAWAYS)
    fields.update(kw)
    return store.add(Session(**fields))


def task(store, **kw) -> PracticeTask:
    return store.add(PracticeTask(title=kw.pop("title", "read the docs"), kind=kw.pop("kind", "core"), **kw))


def test_plan_tasks_stores_the_drafts_and_the_missing_cards(store):
    session = ended(store)
    drafts = P.draft_plan(session)
    made = ops.plan_tasks(store, session, drafts, T0, 24)
    assert sorted(t.kind for t in store.all(PracticeTask)) == sorted(d.kind for d in drafts)
    assert {t.id for t in made} == {t.id for t in store.all(PracticeTask)}
    assert all(t.session_id == session.id for t in made)
    assert sorted(c.text for c in store.all(ReviewCard)) == sorted(TAKEAWAYS)
    ops.plan_tasks(store, session, drafts[:1], T0, 24)  # a second plan: cards are not made twice
    assert len(store.all(ReviewCard)) == 2


def test_planning_again_never_brings_a_deleted_card_back(store):
    session = ended(store)
    drafts = P.draft_plan(session)
    ops.plan_tasks(store, session, drafts, T0, 24)
    gone = sorted(store.all(ReviewCard), key=lambda c: c.text)[0]
    cards.delete_card(store, gone.id)
    ops.plan_tasks(store, session, drafts[:1], T0, 24)  # the learner plans from the session again
    assert [c.text for c in store.all(ReviewCard)] == [t for t in TAKEAWAYS if t != gone.text]


def test_timer_runs_from_the_stored_start_and_stopping_logs_it(store):
    t = task(store)
    started = ops.start_timer(store, t.id, T0)
    assert started.timer_started_at == T0 and started.status == "doing"
    assert ops.start_timer(store, t.id, T0 + timedelta(minutes=5)).timer_started_at == T0  # already running
    log = ops.stop_timer(store, t.id, T0 + timedelta(minutes=25))
    assert log is not None and log.minutes == 25.0 and log.task_id == t.id
    assert store.all(PracticeLog) == [log]
    assert store.get(PracticeTask, t.id).timer_started_at is None
    assert ops.stop_timer(store, t.id, T0 + timedelta(minutes=30)) is None  # not running: no log
    assert len(store.all(PracticeLog)) == 1
    assert ops.note_log(store, log.id, "  gathered three URLs ").note == "gathered three URLs"


def test_log_minutes_by_hand(store):
    t = task(store)
    log = ops.log_minutes(store, t, "1h30 read the asyncio docs", T0)
    assert (log.minutes, log.note, log.task_id) == (90, "read the asyncio docs", t.id)
    assert ops.log_minutes(store, None, "20", T0).task_id is None
    with pytest.raises(ValueError, match="start with the minutes"):
        ops.log_minutes(store, t, "read docs", T0)
    assert len(store.all(PracticeLog)) == 2


@pytest.mark.parametrize("close", ["finish", "drop"])
def test_closing_a_task_stops_its_timer_and_logs_the_time(store, close):
    t = task(store)
    ops.start_timer(store, t.id, T0)
    later = T0 + timedelta(minutes=10)
    if close == "finish":
        log = ops.finish_task(store, t.id, later)
        assert store.get(PracticeTask, t.id).status == "done"
    else:
        log = ops.drop_task(store, t.id, " too easy now ", later)
        assert store.get(PracticeTask, t.id).status == "dropped"
        assert store.get(PracticeTask, t.id).drop_reason == "too easy now"
    assert log is not None and log.minutes == 10.0
    closed = store.get(PracticeTask, t.id)
    assert closed.timer_started_at is None and closed.done_at == later
    back = ops.reopen_task(store, t.id)
    assert back.status == "todo" and back.done_at is None and back.drop_reason == ""


def test_closing_a_task_without_a_timer_logs_nothing(store):
    t = task(store)
    assert ops.finish_task(store, t.id, T0) is None
    assert store.all(PracticeLog) == []


def test_card_rate_edit_suspend_delete(store):
    session = ended(store)
    (card, _other) = sorted(cards.catch_up(store, T0), key=lambda c: c.id)
    rated = cards.rate_card(store, card.id, "good", T0)
    assert rated.reviews == 1 and rated.last_rating == "good" and rated.due_at > T0
    with pytest.raises(ValueError):
        cards.rate_card(store, card.id, "meh", T0)
    edited = cards.edit_card(store, card.id, " What does await need? ", " an async def ")
    assert (edited.front, edited.back, edited.reviews) == ("What does await need?", "an async def", 1)
    with pytest.raises(ValueError, match="front must ask"):
        cards.edit_card(store, card.id, "   ", "x")
    assert store.get(ReviewCard, card.id).front == "What does await need?"
    assert cards.suspend_card(store, card.id).suspended
    assert cards.delete_card(store, card.id) is True
    assert store.get(ReviewCard, card.id) is None
    assert cards.delete_card(store, card.id) is False
    assert session.id


def test_catch_up_makes_cards_only_for_ended_sessions_lacking_them(store):
    old = ended(store)
    ended(store, status="planned", ended_at=None)
    ended(store, status="ended", takeaways=[])
    made = cards.catch_up(store, T0)
    assert sorted(c.text for c in made) == sorted(TAKEAWAYS)
    assert all(c.session_id == old.id for c in store.all(ReviewCard))
    assert cards.catch_up(store, T0) == []  # once is enough
    assert len(store.all(ReviewCard)) == 2


def test_catch_up_never_brings_a_deleted_card_back(store):
    ended(store, takeaways=TAKEAWAYS[:1])
    (card,) = cards.catch_up(store, T0)
    cards.delete_card(store, card.id)
    assert cards._catch_up(store, T0) == []  # the scan itself, past the once-only marker
    assert store.all(ReviewCard) == []


def test_catch_up_runs_once_per_data_folder(store):
    """At five years the scan reads every session without cards: it must not run at every start."""
    assert cards.catch_up(store, T0) == [] and store.done_once(cards.CAUGHT_UP)
    ended(store, takeaways=TAKEAWAYS[:1])  # as if synced in from a machine with an old version
    assert cards.catch_up(store, T0) == []
    assert store.all(ReviewCard) == []


def test_planned_message_counts_and_says_when_the_warm_up_is_due(store):
    session = ended(store)
    tasks = ops.plan_tasks(store, session, P.draft_plan(session), T0, 24)
    assert ops.planned_message(tasks, T0, 24) == "3 practice tasks added; the warm-up is due within 12 h"
    core = [t for t in tasks if t.kind == "core"]
    assert ops.planned_message(core, T0, 24) == "1 practice task added; due within 24 h"
