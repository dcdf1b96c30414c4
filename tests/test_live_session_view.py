"""live_session's functions for the During screen, without a terminal: what the screen opens on,
one quick entry of any kind (validated before anything is stored), and the ending's toast."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mentor_tui import live_session as ls
from mentor_tui.models import AgendaItem, Question, Session

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def test_during_view_offers_planned_sessions_and_the_last_mentor(store):
    q = store.add(Question(text="Why lazy?", status="for_mentor"))
    store.add(Session(status="ended", mentor="Grace", started_at=NOW, ended_at=NOW))
    planned = store.add(Session(topic="Generators", agenda=[AgendaItem(question_id=q.id)]))
    view = ls.during_view(store)
    assert view.live is None and [s.id for s in view.planned] == [planned.id]
    assert view.questions == {q.id: store.get(Question, q.id)} and view.last_mentor == "Grace"


def test_during_view_returns_the_live_session_with_its_questions(store):
    q = store.add(Question(text="Why lazy?", status="for_mentor"))
    live = store.add(Session(status="live", started_at=NOW, agenda=[AgendaItem(question_id=q.id)]))
    view = ls.during_view(store)
    assert view.live.id == live.id and set(view.questions) == {q.id} and view.planned == []


def test_during_view_reads_each_recent_session_once(store, monkeypatch):
    """The start view needs the live one, the planned ones and the last mentor: one read of the
    newest sessions serves all three (it was three reads, ~0.1 s at five years)."""
    for i in range(5):
        store.add(Session(status="ended", mentor=f"M{i}", started_at=NOW, ended_at=NOW))
    store.add(Session(topic="next"))
    reads = []
    get = store.get
    monkeypatch.setattr(store, "get", lambda model, rid: reads.append(rid) or get(model, rid))
    view = ls.during_view(store)
    assert [s.topic for s in view.planned] == ["next"] and view.last_mentor == "M4"
    assert len(reads) == len(set(reads)) == 6


def test_quick_entry_of_each_kind(store):
    s = store.add(Session(status="live", started_at=NOW))
    s2, question = ls.add_quick_entry(store, s.id, NOW, kind="question", text="Next?",
                                      to_agenda=True)
    assert question.status == "for_mentor" and s2.agenda[-1].question_id == question.id
    s3, none = ls.add_quick_entry(store, s.id, NOW, kind="link", text="https://x.org",
                                  label="docs")
    assert none is None and s3.entries[-1].label == "docs"
    assert [e.kind for e in store.get(Session, s.id).entries] == ["question", "link"]


def test_invalid_quick_entry_is_a_one_line_error_and_stores_nothing(store):
    s = store.add(Session(status="live", started_at=NOW))
    with pytest.raises(ValueError) as info:
        ls.add_quick_entry(store, s.id, NOW, kind="question", text="   ")
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError):
        ls.add_quick_entry(store, s.id, NOW, kind="nonsense", text="x")
    assert store.get(Session, s.id).entries == [] and store.all(Question) == []


def test_ending_note_counts_in_words(store):
    q1, q2 = (store.add(Question(text=t)) for t in ("one?", "two?"))
    s = Session(takeaways=["a"], agenda=[AgendaItem(question_id=q1.id, state="carried"),
                                         AgendaItem(question_id=q2.id, state="carried")])
    assert ls.ending_note(s) == "1 takeaway kept; 2 questions carried over."
