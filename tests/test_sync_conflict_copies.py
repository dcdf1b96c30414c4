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


# -- folding the copies back in -------------------------------------------------------------------

from mentor_tui.sync.fold import fold_conflict_copies, original_of  # noqa: E402


def test_names_of_conflict_copies():
    assert original_of(SYNCTHING) == "2026-11.json"
    assert original_of("01m89xa80ae0648h (Laptop's conflicted copy 2026-11-25).json") == "01m89xa80ae0648h.json"
    assert original_of("2026-11 (conflicted copy 2026-11-25 093012).json") == "2026-11.json"
    assert original_of("2026-11.json") is None


def test_syncthing_copy_is_folded_in_once_and_a_deleted_record_stays_deleted(store, tmp_path):
    kept = store.add(Question(text="kept everywhere"))
    gone = store.add(Question(text="deleted here later"))
    other = Question(text="typed on the other machine")
    elsewhere = Store(tmp_path / "other-machine").open()
    elsewhere.put_many([kept, gone, other], stamp=False)
    path = store.path_for(Question, kept.id)
    copy = path.with_name(path.stem + ".sync-conflict-20261125-093012-ABCDEF1.json")
    shutil.copy(elsewhere.path_for(Question, kept.id), copy)
    store.delete(Question, gone.id)

    report = fold_conflict_copies(store)

    assert report.folded == [copy.relative_to(store.root).as_posix()]
    texts = sorted(q.text for q in store.all(Question))
    assert texts == ["kept everywhere", "typed on the other machine"]
    assert not copy.exists()
    assert (store.root / "backups" / "conflict-copies").iterdir()
    assert store.stray_files() == []
    assert fold_conflict_copies(store).lines() == []  # nothing folds twice


def test_dropbox_copy_of_a_session_keeps_both_versions_of_the_notes(store):
    s = store.add(Session(topic="loops", notes="we talked about loops\n"))
    path = store.path_for(Session, s.id)
    copy = path.with_name(f"{s.id} (Laptop's conflicted copy 2026-11-25).json")
    store.update(Session, s.id, lambda x: x.model_copy(update={"notes": "we talked about recursion\n"}))
    shutil.copy(path, copy)
    store.update(Session, s.id, lambda x: x.model_copy(update={"notes": "we talked about loops and git\n"}))

    report = fold_conflict_copies(store)

    notes = store.get(Session, s.id).notes
    assert "we talked about recursion" in notes and "we talked about loops and git" in notes
    assert notes.startswith("<<<<<<< saved ")
    assert any("overlapping" in line for line in report.lines())
    assert [x.id for x in store.all(Session)] == [s.id]


def test_a_copy_that_is_not_ours_is_left_and_reported(store):
    q = store.add(Question(text="q"))
    path = store.path_for(Question, q.id)
    copy = path.with_name(path.stem + ".sync-conflict-20261125-093012-ABCDEF1.json")
    copy.write_text('{"not": "ours"}')
    before = path.read_bytes()
    report = fold_conflict_copies(store)
    assert report.folded == [] and copy.exists() and path.read_bytes() == before
    assert len(report.left) == 1 and "Ignored" in report.left[0]
    assert list(path.parent.glob("*.corrupt-*")) == []


async def test_the_app_folds_copies_at_start_and_says_so_once(store, make_app):
    from .conftest import wait_until

    q = store.add(Question(text="why does my loop never end?"))
    path = store.path_for(Question, q.id)
    shutil.copy(path, path.with_name(path.stem + ".sync-conflict-20261125-093012-ABCDEF1.json"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: any("Folded 1" in n.message for n in app._notifications))
        assert [x.id for x in store.all(Question)] == [q.id]
        assert store.stray_files() == []
