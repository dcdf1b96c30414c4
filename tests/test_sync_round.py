"""Sync rounds between two machines, offline: a bare repository and two data folders in tmp, an
isolated git config, and clocks the tests set."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest

from mentor_tui.models import Question, Session, utcnow
from mentor_tui.store import Store
from mentor_tui.sync.round import SyncError, SyncFolder

from .conftest import run_cli


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_SSH_COMMAND", "GIT_SSH", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def origin(tmp_path) -> Path:
    path = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(path)], check=True)
    return path


class Machine:
    def __init__(self, name: str, root: Path, clock=utcnow) -> None:
        self.name = name
        self.store = Store(root).open()
        self.folder = SyncFolder(self.store, clock=clock)

    def sync(self, **kw):
        self.folder = SyncFolder(self.store, clock=self.folder.clock)
        return self.folder.sync(**kw)

    def files(self) -> dict[str, bytes]:
        root = self.store.root
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and ".sync" not in p.relative_to(root).parts}

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(self.folder.repo), *args], check=True,
                              capture_output=True, text=True).stdout


@pytest.fixture
def pair(tmp_path, origin):
    """Laptop and desktop, both joined to the same (initially empty) origin."""
    a, b = Machine("laptop", tmp_path / "laptop"), Machine("desktop", tmp_path / "desktop")
    a.folder.setup(origin.as_uri(), "laptop")
    b.folder.setup(origin.as_uri(), "desktop")
    return a, b


def texts(m: Machine) -> list[str]:
    return sorted(q.text for q in m.store.all(Question))


# 1
def test_questions_added_on_both_machines_end_up_on_both(pair):
    a, b = pair
    a.store.add(Question(text="from the laptop"))
    b.store.add(Question(text="from the desktop"))  # same month file: git calls the driver, no base
    a.sync()
    b.sync()
    a.sync()
    assert texts(a) == texts(b) == ["from the desktop", "from the laptop"]


def test_joining_with_data_on_both_sides_keeps_all(tmp_path, origin):
    a, b = Machine("laptop", tmp_path / "laptop"), Machine("desktop", tmp_path / "desktop")
    a.store.add(Question(text="only on the laptop"))
    b.store.add(Question(text="only on the desktop"))
    a.folder.setup(origin.as_uri(), "laptop")
    outcome = b.folder.setup(origin.as_uri(), "desktop")
    assert "1 record comes in, 1 only here goes out" in outcome.message
    a.sync()
    assert texts(a) == texts(b) == ["only on the desktop", "only on the laptop"]


# 2
def test_one_sided_field_changes_on_each_machine_are_both_kept(pair):
    a, b = pair
    q = a.store.add(Question(text="why?"))
    a.sync(), b.sync()
    a.store.update(Question, q.id, lambda r: r.model_copy(update={"priority": "high"}))
    b.store.update(Question, q.id, lambda r: r.model_copy(update={"tags": ["loops"]}))
    a.sync(), b.sync(), a.sync()
    for m in (a, b):
        got = m.store.get(Question, q.id)
        assert (got.priority, got.tags) == ("high", ["loops"])


# 3
def test_notes_separate_edits_merge_overlapping_keep_both(pair):
    a, b = pair
    s = a.store.add(Session(topic="loops", notes="one\ntwo\nthree\nfour\n", status="ended"))
    a.sync(), b.sync()
    a.store.update(Session, s.id, lambda r: r.model_copy(update={"notes": "ONE\ntwo\nthree\nfour\n"}))
    b.store.update(Session, s.id, lambda r: r.model_copy(update={"notes": "one\ntwo\nthree\nFOUR\n"}))
    a.sync(), b.sync(), a.sync()
    assert a.store.get(Session, s.id).notes == b.store.get(Session, s.id).notes == "ONE\ntwo\nthree\nFOUR\n"

    a.store.update(Session, s.id, lambda r: r.model_copy(update={"notes": "ONE\nlaptop line\nthree\nFOUR\n"}))
    b.store.update(Session, s.id, lambda r: r.model_copy(update={"notes": "ONE\ndesktop line\nthree\nFOUR\n"}))
    a.sync()
    outcome = b.sync()
    a.sync()
    notes = b.store.get(Session, s.id).notes
    assert notes == a.store.get(Session, s.id).notes
    assert "laptop line" in notes and "desktop line" in notes
    assert notes.count("<<<<<<< saved ") == 1 and "(desktop)" in notes and "(laptop)" in notes
    assert any("overlapping" in w for w in outcome.warnings)


# 4
def test_deleted_on_one_untouched_on_the_other_is_gone_and_stays_gone(pair):
    a, b = pair
    q = a.store.add(Question(text="delete me"))
    a.sync(), b.sync()
    old = b.store.get(Question, q.id)
    a.store.delete(Question, q.id)
    a.sync(), b.sync()
    assert a.store.get(Question, q.id) is None and b.store.get(Question, q.id) is None
    b.store.put_many([old], stamp=False)  # a re-import of an old export on the desktop
    b.sync(), a.sync()
    b.sync()
    assert a.store.get(Question, q.id) is None and b.store.get(Question, q.id) is None


# 5
def test_deleted_on_one_edited_on_the_other_is_kept_and_reported(pair):
    a, b = pair
    q = a.store.add(Question(text="keep me?"))
    a.sync(), b.sync()
    a.store.delete(Question, q.id)
    b.store.update(Question, q.id, lambda r: r.model_copy(update={"answer": "found the answer"}))
    a.sync()
    outcome = b.sync()
    a.sync()
    assert a.store.get(Question, q.id).answer == b.store.get(Question, q.id).answer == "found the answer"
    assert any("deleted on one machine" in w for w in outcome.warnings)


# 6
def test_a_slow_clock_still_wins_with_a_later_edit_and_is_warned(pair, monkeypatch):
    from mentor_tui.store import store as store_module

    a, b = pair
    q = a.store.add(Question(text="when?"))
    a.store.update(Question, q.id, lambda r: r.model_copy(update={"priority": "high"}))
    a.sync()
    slow = lambda: utcnow() - timedelta(hours=2)  # noqa: E731
    b.folder.clock = slow
    outcome = b.sync()
    assert any("clock is 2 h behind" in w for w in outcome.warnings)
    monkeypatch.setattr(store_module, "utcnow", slow)
    b.store.update(Question, q.id, lambda r: r.model_copy(update={"priority": "low"}))
    monkeypatch.undo()
    b.sync()
    a.sync()
    assert a.store.get(Question, q.id).priority == b.store.get(Question, q.id).priority == "low"


def test_changes_a_day_ahead_are_refused_unless_accepted(pair):
    a, b = pair
    a.store.add(Question(text="from the future"))
    a.sync()
    before = b.files()
    b.folder.clock = lambda: utcnow() - timedelta(days=3)
    with pytest.raises(SyncError, match="ahead of this machine's clock"):
        b.sync()
    assert b.files() == before
    b.sync(accept_clock=True)
    assert texts(b) == ["from the future"]


# 7
def test_an_autosave_during_a_round_survives(pair):
    a, b = pair
    s = a.store.add(Session(topic="loops", notes="first\n", status="ended"))
    a.sync(), b.sync()
    a.store.update(Session, s.id, lambda r: r.model_copy(update={"summary": "from the laptop"}))
    a.sync()

    def autosave(step: str) -> None:
        if step == "merged":  # after the snapshot and the merge, before apply
            b.store.update(Session, s.id, lambda r: r.model_copy(update={"notes": "first\ntyped meanwhile\n"}))

    b.folder = SyncFolder(b.store)
    b.folder.between = autosave
    b.folder.sync()
    got = b.store.get(Session, s.id)
    assert (got.notes, got.summary) == ("first\ntyped meanwhile\n", "from the laptop")
    b.sync(), a.sync()
    assert a.store.get(Session, s.id).notes == "first\ntyped meanwhile\n"


def test_a_live_session_is_left_alone_until_it_ends(pair):
    a, b = pair
    s = a.store.add(Session(topic="loops", status="ended"))
    a.sync(), b.sync()
    b.store.update(Session, s.id, lambda r: r.model_copy(update={"status": "live", "notes": "typing\n"}))
    a.store.update(Session, s.id, lambda r: r.model_copy(update={"summary": "from the laptop"}))
    a.sync()
    b.sync()
    assert b.store.get(Session, s.id).summary == ""  # the editor's autosave would erase it
    b.store.update(Session, s.id, lambda r: r.model_copy(update={"status": "ended"}))
    b.sync()
    got = b.store.get(Session, s.id)
    assert (got.notes, got.summary, got.status) == ("typing\n", "from the laptop", "ended")


# 8
def test_a_missing_remote_is_offline_and_the_change_goes_out_next_time(pair, origin):
    a, b = pair
    a.store.add(Question(text="written offline"))
    moved = origin.with_name("elsewhere.git")
    origin.rename(moved)
    with pytest.raises(SyncError, match="Can't reach origin .*changes wait here"):
        a.sync()
    assert "1 file waiting" in status_line(a)
    moved.rename(origin)
    a.sync()
    b.sync()
    assert texts(b) == ["written offline"]
    assert "0 files waiting" in status_line(a)


def status_line(m: Machine) -> str:
    done = run_cli("--data-dir", str(m.store.root), "sync", "status")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_setup_against_a_missing_remote_fails_in_one_line_and_leaves_nothing(tmp_path):
    data = tmp_path / "data"
    Store(data).open().add(Question(text="mine"))
    before = sorted(p.name for p in data.rglob("*"))
    done = run_cli("--data-dir", str(data), "sync", "setup", (tmp_path / "missing").as_uri())
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Can't reach origin" in done.stderr
    assert sorted(p.name for p in data.rglob("*")) == before


def test_a_remote_with_something_else_is_refused(tmp_path, origin):
    other = tmp_path / "other"
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(other)], check=True)
    (other / "README").write_text("hello")
    env = {**os.environ, "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@x", "GIT_COMMITTER_NAME": "x",
           "GIT_COMMITTER_EMAIL": "x@x"}
    subprocess.run(["git", "-C", str(other), "add", "."], check=True)
    subprocess.run(["git", "-C", str(other), "commit", "-qm", "x"], check=True, env=env)
    subprocess.run(["git", "-C", str(other), "push", "-q", str(origin), "main"], check=True)
    m = Machine("laptop", tmp_path / "laptop")
    with pytest.raises(SyncError, match="not a mentor-tui history"):
        m.folder.setup(origin.as_uri(), "laptop")
    assert not m.folder.dir.exists()


# 9
def _fake_ssh(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-ssh"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_ssh_that_refuses_gives_the_auth_message(pair, tmp_path):
    a, _ = pair
    a.git("remote", "set-url", "origin", "ssh://git@example.invalid/notes.git")
    a.git("config", "core.sshCommand", str(_fake_ssh(tmp_path, 'echo "Permission denied (publickey)." >&2; exit 255')))
    with pytest.raises(SyncError, match=r"origin \(example.invalid\) refused this machine"):
        a.sync()


def test_ssh_that_hangs_times_out_and_leaves_no_process(pair, tmp_path, monkeypatch):
    a, _ = pair
    pidfile = tmp_path / "ssh.pid"
    a.git("remote", "set-url", "origin", "ssh://git@example.invalid/notes.git")
    a.git("config", "core.sshCommand", str(_fake_ssh(tmp_path, f'echo $$ > {pidfile}; sleep 60')))
    monkeypatch.setenv("MENTOR_TUI_SYNC_TIMEOUT", "2")
    started = time.monotonic()
    with pytest.raises(SyncError, match="Can't reach origin .*no answer in time"):
        a.sync()
    assert time.monotonic() - started < 20
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid), f"the fake ssh (pid {pid}) outlived the timeout"


def _running(pid: int) -> bool:
    """Whether *pid* still runs. A killed orphan can stay a zombie where PID 1 does not reap
    (some containers): a zombie runs nothing, so it counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# 10
def test_a_refusing_driver_aborts_and_leaves_live_files_byte_identical(pair):
    import orjson

    a, b = pair
    q = a.store.add(Question(text="shared"))
    a.sync(), b.sync()
    # The laptop runs a newer mentor-tui (schema 99) and changes the month file...
    rel = a.store.path_for(Question, q.id).relative_to(a.store.root).as_posix()
    newer = orjson.loads((a.folder.repo / rel).read_bytes())
    newer["_meta"]["1"]["schema"] = 99
    (a.folder.repo / rel).write_bytes(orjson.dumps(newer))
    a.git("commit", "-qam", "newer schema")
    a.git("push", "-q", "origin", "HEAD:main")
    # ...while the desktop changes it too, so git needs the driver.
    b.store.update(Question, q.id, lambda r: r.model_copy(update={"priority": "high"}))
    before = b.files()
    head = b.git("rev-parse", "HEAD")
    with pytest.raises(SyncError, match=rf"Couldn't merge {rel}: .*newer mentor-tui.* Nothing changed"):
        b.sync()
    assert b.files() == before
    assert b.git("status", "--porcelain") == ""
    assert b.git("rev-parse", "HEAD") != "" and "MERGE_HEAD" not in os.listdir(b.folder.repo / ".git")
    assert head  # the snapshot commit before the merge is kept; only the merge was undone


def test_sync_commands_exit_codes(tmp_path):
    data = tmp_path / "data"
    assert run_cli("--data-dir", str(data), "sync", "setup").returncode == 64
    assert run_cli("--data-dir", str(data), "sync", "frobnicate").returncode == 64
    done = run_cli("--data-dir", str(data), "sync")
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0
    assert "sync setup URL" in done.stderr


def test_sync_cli_does_not_import_textual(tmp_path):
    import sys

    code = ("import sys; from mentor_tui.cli import main; main(['--data-dir', %r, 'sync', 'status']); "
            "print([m for m in sys.modules if m.startswith('textual')])") % str(tmp_path / "d")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().endswith("[]")
