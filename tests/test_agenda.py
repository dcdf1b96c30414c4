"""The next session's agenda without the app: what the tab shows and stores, taking a question
off (it reopens), planning who and when, and moving items."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, strategies as st

from mentor_tui import agenda
from mentor_tui.models import AgendaItem, Question, Session

WHEN = datetime(2026, 3, 2, 18, 30, tzinfo=timezone.utc)


def test_questions_for_the_mentor_make_a_plan_once(store):
    q = store.add(Question(text="Why?", status="for_mentor"))
    draft = Session(planned_minutes=45)
    planned, changed = agenda.prepare([], [q], draft)
    assert changed and planned.id == draft.id and [i.question_id for i in planned.agenda] == [q.id]
    agenda.save_agenda(store, planned)
    agenda.save_agenda(store, planned)  # a second reload before the first write: still one plan
    assert [s.id for s in store.all(Session)] == [draft.id]
    again, changed = agenda.prepare(store.all(Session), [q], Session())
    assert again.id == draft.id and not changed


def test_nothing_for_the_mentor_means_no_plan():
    assert agenda.prepare([], [Question(text="Why?")], Session()) == (None, False)


def test_questions_on_a_live_call_stay_off_the_next_plan():
    q = Question(text="Why?", status="for_mentor")
    live = Session(status="live", agenda=[AgendaItem(question_id=q.id)])
    assert agenda.prepare([live], [q], Session()) == (None, False)


def test_save_agenda_keeps_a_plan_changed_elsewhere(store):
    s = store.add(Session(mentor="Ada"))
    store.update(Session, s.id, lambda cur: cur.model_copy(update={"topic": "loops"}))
    q = store.add(Question(text="Why?", status="for_mentor"))
    agenda.save_agenda(store, s.model_copy(update={"agenda": [AgendaItem(question_id=q.id)]}))
    back = store.get(Session, s.id)
    assert back.topic == "loops" and [i.question_id for i in back.agenda] == [q.id]


def test_take_off_reopens_the_question(store):
    a = store.add(Question(text="A", status="for_mentor"))
    b = store.add(Question(text="B", status="for_mentor"))
    s = store.add(Session(agenda=[AgendaItem(question_id=a.id), AgendaItem(question_id=b.id)]))
    agenda.take_off(store, s, a.id)
    assert [i.question_id for i in store.get(Session, s.id).agenda] == [b.id]
    assert store.get(Question, a.id).status == "open"
    assert store.get(Question, b.id).status == "for_mentor"


def test_take_off_a_deleted_question_only_cleans_the_agenda(store):
    s = store.add(Session(agenda=[AgendaItem(question_id=Question(text="gone").id)]))
    agenda.take_off(store, s, s.agenda[0].question_id)
    assert store.get(Session, s.id).agenda == []


def test_plan_adds_a_new_session_or_updates_the_stored_one(store):
    fresh = Session(agenda=[])
    agenda.plan(store, fresh, mentor="Ada", topic="loops", scheduled_at=WHEN, planned_minutes=30)
    stored = store.get(Session, fresh.id)
    assert (stored.mentor, stored.topic, stored.scheduled_at, stored.planned_minutes) == \
        ("Ada", "loops", WHEN, 30)
    agenda.plan(store, fresh, mentor="Grace", topic="", scheduled_at=None, planned_minutes=60)
    again = store.get(Session, fresh.id)
    assert (again.mentor, again.scheduled_at, again.planned_minutes) == ("Grace", None, 60)


@given(st.lists(st.integers(0, 600), min_size=1, max_size=8), st.data())
def test_move_swaps_neighbours_and_keeps_every_item(minutes, data):
    items = [AgendaItem(question_id=Question(text="q").id, minutes=m) for m in minutes]
    i = data.draw(st.integers(0, len(items) - 1))
    step = data.draw(st.sampled_from([-1, 1]))
    moved = agenda.move(items, i, step)
    if 0 <= i + step < len(items):
        assert moved[i + step] == items[i] and moved[i] == items[i + step]
        assert sorted(x.question_id for x in moved) == sorted(x.question_id for x in items)
    else:
        assert moved is None


def test_adjust_minutes_stays_within_bounds():
    item = AgendaItem(question_id=Question(text="q").id, minutes=3)
    assert agenda.adjust_minutes([item], 0, -5)[0].minutes == 0
    assert agenda.adjust_minutes([item.model_copy(update={"minutes": 598})], 0, 5)[0].minutes == 600
