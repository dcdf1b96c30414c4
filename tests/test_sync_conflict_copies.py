"""Conflict copies a file syncer leaves in the data folder: never read as more records, never a
start-up failure, and (see the fold-in tests) their records folded in once."""

from __future__ import annotations

import shutil

from mentor_tui.live_session import live_session, recent_sessions
from mentor_tui.models import Question, Session
from mentor_tui.store import Store

SYNCTHING = "2026-11.sync-conflict-20261125-093012-ABCDEF1.json"


def _month_file(store: Store, q: Question):
    return store.path_for(Question, q.id)


def test_syncthing_copy_does_not_double_questions(store):
    q = store.add(Question(text="why does my loop never end?"))
    path = _month_file(store, q)
    shutil.copy(path, path.with_name(path.stem + ".sync-conflict-20261125-093012-ABCDEF1.json"))
    assert [x.id for x in store.all(Question)] == [q.id]
    assert [p.name for p in store.stray_files()] == [path.stem + ".sync-conflict-20261125-093012-ABCDEF1.json"]


def test_dropbox_copy_of_a_session_does_not_break_start_up(store):
    s = store.add(Session(topic="loops"))
    path = store.path_for(Session, s.id)
    copy = path.with_name(f"{s.id} (Laptop's conflicted copy 2026-11-25).json")
    shutil.copy(path, copy)
    assert [x.id for x in recent_sessions(store)] == [s.id]
    assert live_session(store) is None
    assert store.check_all() == 1


def test_stray_files_are_reported_once(store):
    q = store.add(Question(text="q"))
    folder = _month_file(store, q).parent
    (folder / "notes.json").write_text("{}")
    assert [p.name for p in store.take_unreported()] == ["notes.json"]
    assert store.take_unreported() == []
