"""The data folder's lock (``store/lock.py``): held by one process at a time, re-entrant, freed
when its holder dies (kill -9 included), and a folder held too long gives a one-line error."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from mentor_tui.models import Question
from mentor_tui.store import Store, StoreError
from mentor_tui.store.lock import FolderLock, LockTimeout

from .conftest import cli_env

#: Takes the data folder's lock, says so, and holds it until killed.
HOLDER = """
import sys, time
from pathlib import Path
from mentor_tui.store import Store
store = Store(Path(sys.argv[1])).open()
with store.locked():
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def holder(data_dir):
    """Another process holding the folder's lock; yields it (the test may kill it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE,
                            text=True, env=cli_env())
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_folder_locked_by_another_process_is_busy_in_one_line(data_dir, holder):
    store = Store(data_dir, lock_timeout=0.2).open()
    with pytest.raises(StoreError, match="is busy: another mentor-tui has held its lock"):
        store.add(Question(text="waits for the lock"))
    assert store.all(Question) == []


def test_the_lock_of_a_killed_holder_is_free_again(data_dir, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    store = Store(data_dir, lock_timeout=30).open()  # a wait here would be the bug
    assert store.add(Question(text="after the crash")).text == "after the crash"


def test_a_waiting_writer_goes_on_once_the_holder_ends(data_dir, holder):
    waiter = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from mentor_tui.store import Store;"
         "from mentor_tui.models import Question;"
         "print(Store(Path(sys.argv[1]), lock_timeout=120).open().add(Question(text='later')).id)",
         str(data_dir)],
        stdout=subprocess.PIPE, text=True, env=cli_env())
    holder.kill()
    out, _ = waiter.communicate(timeout=120)
    assert waiter.returncode == 0
    assert [q.id for q in Store(data_dir).all(Question)] == [out.strip()]


def test_the_lock_is_reentrant_and_released_by_the_outermost_holder(tmp_path):
    first = FolderLock(tmp_path / ".lock", timeout=0)
    second = FolderLock(tmp_path / ".lock", timeout=0)  # another open file: as another process
    first.acquire()
    first.acquire()
    first.release()
    with pytest.raises(LockTimeout):
        second.acquire()
    first.release()
    second.acquire()
    assert second.is_locked and not first.is_locked
    second.release()
    assert (tmp_path / ".lock").exists()  # stays, so every waiter locks the same file
