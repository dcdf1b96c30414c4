"""The store's summary (store/summary.py): what `practice`, `questions` and start-up read instead of
five years of records. It must always agree with a full read of the records: when it is lost,
damaged, stale (a file written behind its back) or interrupted by a kill mid-update."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from mentor_tui.models import PracticeTask, Question, ReviewCard, utcnow
from mentor_tui.store import Store
from mentor_tui.store import files as store_files
from mentor_tui.store.summary import NAME, OPEN_QUESTION, OPEN_TASK

from .conftest import cli_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.five_years import FIVE_YEARS, generate  # noqa: E402


def from_summary(store: Store) -> dict:
    now = utcnow()
    s = store.summary()
    return {
        "open_questions": sorted(d["id"] for d in s.open_questions()),
        "question_count": s.count("questions"),
        "by_status": s.question_counts(),
        "open_tasks": sorted(orjson.dumps(d) for d in s.open_tasks()),
        "cards_due": s.cards_due(now),
        "sessions": sorted(h["id"] for h in s.session_heads()),
        "questions_json": store.docs(Question),
    }


def from_records(store: Store) -> dict:
    """The same figures the slow way: every record through its model."""
    now = utcnow()
    questions = store.all(Question)
    by: dict[str, int] = {}
    for q in questions:
        by[q.status] = by.get(q.status, 0) + 1
    from mentor_tui.models import Session

    return {
        "open_questions": sorted(q.id for q in questions if q.status in OPEN_QUESTION),
        "question_count": len(questions),
        "by_status": by,
        "open_tasks": sorted(orjson.dumps(t.model_dump(mode="json"))
                             for t in store.all(PracticeTask) if t.status in OPEN_TASK),
        "cards_due": sum(1 for c in store.all(ReviewCard) if c.due_at <= now),
        "sessions": sorted(s.id for s in store.all(Session)),
        "questions_json": [q.model_dump(mode="json") for q in questions],
    }


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("history") / "data"
    generate(root, FIVE_YEARS.scaled(0.02))
    return root


@pytest.fixture
def store(history, tmp_path) -> Store:
    import shutil

    shutil.copytree(history, tmp_path / "data")
    return Store(tmp_path / "data").open()


def test_summary_agrees_with_the_records_and_is_kept_current_by_writes(store):
    assert from_summary(store) == from_records(store)
    store.add(Question(text="a new one"))
    task = store.add(PracticeTask(title="due now", due_at=utcnow() - timedelta(hours=1)))
    store.update(PracticeTask, task.id, lambda t: t.model_copy(update={"status": "doing"}))
    store.add(ReviewCard(text="due", due_at=utcnow() - timedelta(minutes=1)))
    q = store.summary().open_questions()[0]
    store.update(Question, q["id"], lambda cur: cur.model_copy(update={"status": "answered"}))
    store.delete(Question, store.summary().open_questions()[0]["id"])
    assert not store.summary().changed  # the writes kept it current: nothing to repair
    assert from_summary(store) == from_records(store)


def test_lost_or_damaged_summary_is_rebuilt(store):
    expected = from_records(store)
    (store.root / NAME).unlink(missing_ok=True)
    assert from_summary(store) == expected
    (store.root / NAME).write_bytes(b'{"not": "ours"')
    assert from_summary(store) == expected
    (store.root / NAME).write_bytes(orjson.dumps({"_meta": {"app": "someone-else"}, "files": {}}))
    assert from_summary(store) == expected
    assert orjson.loads((store.root / NAME).read_bytes())["_meta"]["app"] == "mentor-tui"


def test_a_file_written_behind_its_back_is_read_again(store):
    """Another (older) mentor-tui, or a restored backup, changes a file without the summary."""
    store.summary()
    path = store.files(Question)[0]
    data = orjson.loads(path.read_bytes())
    some = next(q for q in data["questions"].values() if q["status"] not in OPEN_QUESTION)
    some["status"] = "open"
    some["tags"] = ["#Shouting"]  # valid, but not as the model would store it
    store_files.atomic_write(path, orjson.dumps(data))
    got = from_summary(store)
    assert got == from_records(store)
    assert some["id"] in got["open_questions"]
    shown = next(d for d in got["questions_json"] if d["id"] == some["id"])
    assert shown["tags"] == ["shouting"]  # validated by the model, not printed raw


KILLER = """
import os, signal, sys
from pathlib import Path
from mentor_tui.models import PracticeTask, Question
from mentor_tui.store import Store, summary

real = summary.replace_file
calls = 0
def dying_write(path, data):
    global calls
    calls += 1
    if calls == int(sys.argv[2]):  # half-way through replacing the summary: temp file written
        tmp = path.with_name("." + path.name + ".tmp-dying")
        tmp.write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    real(path, data)
summary.replace_file = dying_write
store = Store(Path(sys.argv[1])).open()
for i in range(10):
    store.add(Question(text=f"killed-{i}"))
    store.add(PracticeTask(title=f"task-{i}"))
"""


@pytest.mark.parametrize("die_at", [1, 4, 9])
def test_a_kill_during_the_summary_update_leaves_it_repairable(store, die_at):
    store.summary()
    proc = subprocess.run([sys.executable, "-c", KILLER, str(store.root), str(die_at)],
                          env=cli_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    store.cleanup()  # the half-written temp file goes, as any killed writer's does
    assert not list(store.root.glob(".*tmp-*"))
    assert from_summary(store) == from_records(store)
    assert any(q["text"].startswith("killed-") for q in store.docs(Question))


def test_practice_and_questions_read_the_summary_not_every_record(store, monkeypatch):
    """With the summary current, `practice` validates only open tasks, not five years."""
    from mentor_tui import cli

    store.summary()
    validated: list[str] = []
    real = Store._validate

    def counting(self, model, path, raw, table):
        validated.append(model.__name__)
        return real(self, model, path, raw, table)

    monkeypatch.setattr(Store, "_validate", counting)
    monkeypatch.setattr(Store, "all", lambda *a: pytest.fail("read every record"))
    assert cli.main(["--data-dir", str(store.root), "practice", "--json"]) == 0
    assert cli.main(["--data-dir", str(store.root), "questions", "--json"]) == 0
    assert validated == []


SUMMARY_WRITER = """
import sys
from pathlib import Path
from mentor_tui.store import Store
import time
from mentor_tui.models import PracticeTask, Question
store = Store(Path(sys.argv[1])).open()
while not (Path(sys.argv[1]).parent / "go").exists():  # both start writing together
    time.sleep(0.005)
for i in range(int(sys.argv[3])):
    if sys.argv[2] == "q":
        store.add(Question(text=f"q-{i}"))
    else:
        store.add(PracticeTask(title=f"t-{i}"))
    time.sleep(0.03)  # let the other writer take the lock in between (the lock polls)
"""


def test_writers_in_two_processes_keep_the_summary_current(tmp_path):
    """A write saves the summary it loaded under the lock without reading it again; every other
    save takes the same lock, so two processes writing at once lose none of each other's entries:
    afterwards every file's entry matches the file, and nothing needs a repair."""
    data = tmp_path / "data"
    procs = [subprocess.Popen([sys.executable, "-c", SUMMARY_WRITER, str(data), kind, "40"], env=cli_env())
             for kind in ("q", "t")]
    time.sleep(0.5)
    (tmp_path / "go").touch()
    assert all(p.wait(timeout=300) == 0 for p in procs)
    from mentor_tui.store.summary import Summary, file_key, signature

    store = Store(data)
    summary = Summary.load(store)
    for model in (Question, PracticeTask):
        for path in store.files(model):
            entry = summary.entries[file_key(store, path)]
            assert entry["sig"] == signature(path.stat()) and entry["canonical"]
    assert summary.count("questions") == 40 and summary.count("tasks") == 40
    assert not Summary.load(store).refresh([]).changed
    assert from_summary(store) == from_records(store)
