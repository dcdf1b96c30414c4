"""The store's promises: atomic, shared safely between processes, never overwriting what it cannot
read, private, backed up, migratable."""

from __future__ import annotations

import json
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.models import Question, Session, new_id
from mentor_tui.store.version import SCHEMA_VERSION
from mentor_tui.store import CorruptFile, Store, StoreError
from mentor_tui.store import files as store_files
from mentor_tui.store import migrations

from .conftest import cli_env

plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200
).filter(lambda s: s.strip())


def test_add_get_update_delete_round_trip(store):
    q = store.add(Question(text="Why is my list empty?", tags=["python"]))
    assert store.get(Question, q.id) == q
    changed = store.update(Question, q.id, lambda cur: cur.model_copy(update={"status": "for_mentor"}))
    assert store.get(Question, q.id).status == "for_mentor"
    assert changed.updated_at >= q.updated_at
    assert store.delete(Question, q.id) is True
    assert store.get(Question, q.id) is None
    assert store.delete(Question, q.id) is False


def test_records_land_in_monthly_files_by_id(store, data_dir):
    old = Question(id=new_id(datetime(2022, 3, 5, tzinfo=timezone.utc)), text="old one")
    store.add(old)
    store.add(Question(text="new one"))
    names = sorted(p.name for p in (data_dir / "questions").iterdir())
    assert "2022-03.json" in names and len(names) == 2
    assert [q.text for q in store.all(Question)] == ["old one", "new one"]


def test_sessions_get_one_file_each(store, data_dir):
    a, b = store.add(Session(topic="a")), store.add(Session(topic="b"))
    assert sorted(p.stem for p in (data_dir / "sessions").iterdir()) == sorted([a.id, b.id])


def test_folder_and_files_are_private(store, data_dir):
    store.add(Question(text="private?"))
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    (file,) = (data_dir / "questions").iterdir()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "is empty"),
        (b'{"questions": {"1": {"text": "trunc', "not valid JSON"),
        (b"\x00\xff garbage \x13", "not valid JSON"),
        (b'{"_default": {"1": {"a": 1}}}', "not a mentor-tui data file"),
        (b"[1, 2, 3]", "not a mentor-tui data file"),
    ],
)
def test_bad_file_is_reported_kept_and_copied_aside(store, data_dir, content, reason):
    q = store.add(Question(text="will be damaged"))
    path = store.path_for(Question, q.id)
    path.write_bytes(content)
    with pytest.raises(CorruptFile) as err:
        store.all(Question)
    assert reason in str(err.value) and str(path) in str(err.value)
    with pytest.raises(CorruptFile):
        store.add(Question(text="must not overwrite"))
    assert path.read_bytes() == content  # untouched
    copies = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == content  # one copy, not one per attempt


def test_newer_schema_is_refused_not_overwritten(store):
    q = store.add(Question(text="from the future"))
    path = store.path_for(Question, q.id)
    data = json.loads(path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer mentor-tui"):
        store.add(Question(text="x"))
    assert path.read_bytes() == before


def test_migration_step_runs_on_read_and_next_write_stores_new_version(store, monkeypatch):
    q = store.add(Question(text="old layout"))
    path = store.path_for(Question, q.id)
    data = json.loads(path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA_VERSION
    data["questions"][q.id]["text"] = "needs upgrade"
    path.write_text(json.dumps(data))

    def step(kind, tables):
        for doc in tables.get("questions", {}).values():
            doc["text"] = doc["text"].replace("needs upgrade", "upgraded")
        return tables

    monkeypatch.setattr("mentor_tui.store.version.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_files, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION, step)
    assert store.get(Question, q.id).text == "upgraded"
    store.add(Question(text="another"))
    assert json.loads(path.read_bytes())["_meta"]["1"]["schema"] == SCHEMA_VERSION + 1


def test_stale_temp_files_are_cleaned_up(store, data_dir):
    store.add(Question(text="x"))
    leftover = data_dir / "questions" / ".2026-11.json.tmp-99999-abcd"
    leftover.write_bytes(b"half a write")
    assert store.cleanup() == 1
    assert not leftover.exists()


def test_unusable_data_folder_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot use data folder"):
        Store(blocker / "data").open()


def test_daily_backup_keeps_last_seven(store, data_dir, monkeypatch):
    store.add(Question(text="backed up"))
    for day in range(1, 10):
        monkeypatch.setattr(time, "strftime", lambda fmt, *_a, d=day: f"2026-01-{d:02d}")
        store.backup_daily(keep=7)
    backups = sorted(p.name for p in store.backup_dir.glob("*.zip"))
    assert backups[0] == "mentor-tui-2026-01-03.zip" and len(backups) == 7


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plain_text, tags=st.lists(st.from_regex(r"[a-z0-9_-]{1,12}", fullmatch=True), max_size=4))
def test_any_text_round_trips_through_the_store(store, text, tags):
    q = store.add(Question(text=text, tags=tags))
    assert store.get(Question, q.id) == q


# --- many processes --------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from mentor_tui.store import Store
from mentor_tui.models import Question
store = Store(Path(sys.argv[1])).open()
for i in range(int(sys.argv[3])):
    q = store.add(Question(text=f"{sys.argv[2]}-{i}"))
    print(q.id, flush=True)  # printed only once durably stored
"""


def test_two_processes_inserting_500_each_lose_nothing(data_dir):
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), name, "500"],
                         stdout=subprocess.PIPE, text=True, env=cli_env())
        for name in ("a", "b")
    ]
    outs = [p.communicate(timeout=300)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    stored = Store(data_dir).all(Question)
    assert len(stored) == 1000
    assert {q.id for q in stored} == set(outs[0]) | set(outs[1])
    assert {q.text for q in stored} == {f"{n}-{i}" for n in "ab" for i in range(500)}


def test_sigkill_at_random_moments_never_breaks_the_file(data_dir):
    rng = random.Random(1234)
    acknowledged: set[str] = set()
    for _round in range(25):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), "k", "100000"],
                                stdout=subprocess.PIPE, text=True, env=cli_env())
        # Kill while it writes: after its first acknowledged record (start-up time varies a lot
        # on a loaded machine), at a random moment.
        acknowledged.add(proc.stdout.readline().strip())
        time.sleep(rng.random() * 0.3)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged.update(out.split())
    store = Store(data_dir).open()
    store.cleanup()
    ids = {q.id for q in store.all(Question)}  # loads: no file was left broken
    assert acknowledged and acknowledged <= ids
    assert not [p for p in data_dir.rglob(".*tmp-*")]


def test_records_changed_with_model_copy_are_checked_at_the_store(store):
    """model_copy(update=...) skips pydantic's checks: the store checks again before writing."""
    from mentor_tui.models import Material
    from mentor_tui.store import StoreError

    good = store.add(Material(title="todo-app"))
    too_long = Material(title="x").model_copy(update={"title": "x" * 201})
    with pytest.raises(StoreError, match="title"):
        store.add(too_long)
    with pytest.raises(StoreError, match="title"):
        store.put_many([too_long])
    with pytest.raises(StoreError, match="title"):
        store.update(Material, good.id, lambda m: m.model_copy(update={"title": "y" * 201}))
    assert [m.title for m in store.all(Material)] == ["todo-app"]


def test_adding_an_id_twice_is_refused_and_leaves_the_file_as_it_was(store, data_dir):
    """``add`` checks for the id and inserts in one read of the file (one validation of its
    records); a duplicate is refused in one line and nothing is written."""
    q = store.add(Question(text="first"))
    path = store.path_for(Question, q.id)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=f"a record with id {q.id} already exists"):
        store.add(Question(id=q.id, text="second"))
    assert path.read_bytes() == before
    assert [x.text for x in store.all(Question)] == ["first"]


def test_add_validates_the_month_file_once(store, monkeypatch):
    """The file's records are validated once per ``add`` (they were twice: once for the id check,
    once for the insert; the summary then trusts the file it just wrote)."""
    store.add(Question(text="already there"))
    calls = []
    real = Store._validate
    monkeypatch.setattr(Store, "_validate", lambda self, *a: calls.append(1) or real(self, *a))
    store.add(Question(text="new"))
    assert len(calls) == 1


def test_add_keeps_a_damaged_record_of_its_file(store):
    """A damaged record in the month file is reported, and carried through the write untouched."""
    q = store.add(Question(text="kept"))
    path = store.path_for(Question, q.id)
    data = json.loads(path.read_bytes())
    data["questions"]["bad-one"] = {"id": "bad-one", "text": 3}
    path.write_text(json.dumps(data))
    new = store.add(Question(text="new"))
    stored = json.loads(path.read_bytes())["questions"]
    assert stored["bad-one"] == {"id": "bad-one", "text": 3}
    assert {q.id, new.id} <= set(stored)
    assert [w for w in store.take_warnings() if "bad-one" in w]


def test_a_one_time_marker_is_written_under_the_lock_so_cleanup_cannot_take_its_temp_file(store, monkeypatch):
    """The start's housekeeping (``cleanup``, which deletes temp files under the lock) ran while
    the cards' catch-up wrote its marker without it: the marker's temp file vanished before its
    rename and the learner saw "cannot write .cards-caught-up" (seen in a CI run)."""
    import threading

    from mentor_tui.store import files

    real_fsync = files.os.fsync
    cleaner: list[threading.Thread] = []

    def fsync_then_cleanup(fd):
        real_fsync(fd)
        if not cleaner:  # between the temp file's write and its rename
            cleaner.append(threading.Thread(target=store.cleanup))
            cleaner[0].start()
            cleaner[0].join(0.5)  # with the lock held, cleanup waits for the rename

    monkeypatch.setattr(files.os, "fsync", fsync_then_cleanup)
    store.mark_done_once("cards-caught-up")
    monkeypatch.setattr(files.os, "fsync", real_fsync)
    cleaner[0].join(5)
    assert store.done_once("cards-caught-up")
