"""Bad files get one line, never a hang or a traceback: deep nesting, pipes and devices, files over
the size cap, as an import, as the settings file or as a data file. And backups: private temp
files, cleaned after a crash, synced before they get their name.

Everything that could hang on a regression (a FIFO) runs the CLI in a child process with a timeout,
so a regression fails the test instead of stopping the suite."""

from __future__ import annotations

import os
import threading
import time
import zipfile

import pytest
from textual.widgets import Input

from mentor_tui.models import Question
from mentor_tui.dialogs.modals import TextPrompt
from mentor_tui.store import StoreError
from mentor_tui.store import files as store_files

from .conftest import run_cli, wait_until

DEEP_JSON = "[" * 100_000 + "]" * 100_000
DEEP_TOML = "a = " + "[" * 100_000 + "]" * 100_000


def one_line(done, needle: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and needle in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def sparse(path, size: int):
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


# -- import -----------------------------------------------------------------------------------------


def test_import_of_bad_files_is_one_line_each(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    huge = sparse(tmp_path / "huge.json", 64 * 1024 * 1024 + 1)
    for path, needle in [(deep, "nested too deeply"), (fifo, "not a regular file"),
                         ("/dev/zero", "not a regular file"), (huge, "larger than 64 MiB")]:
        one_line(run_cli("import", str(path), timeout=20), needle)


async def test_in_app_import_of_a_deep_or_odd_file_shows_a_toast(make_app, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for path, needle in [(deep, "nested too deeply"), (fifo, "not a regular file")]:
            await pilot.press("f6", "i")
            assert isinstance(app.screen, TextPrompt)
            app.screen.query_one("#prompt-input", Input).value = str(path)
            await pilot.press("enter")
            assert await wait_until(pilot, lambda n=needle: any(
                n in str(t.message) and t.title == "Import failed" for t in app._notifications))
            await pilot.press("escape")


# -- settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["deep", "fifo", "dev-zero", "huge"])
def test_a_bad_settings_file_is_one_line(kind, tmp_path):
    config = tmp_path / "config.toml"  # where conftest points MENTOR_TUI_CONFIG
    needle = {"deep": "nested too deeply", "fifo": "not a regular file",
              "dev-zero": "not a regular file", "huge": "larger than 1 MiB"}[kind]
    if kind == "deep":
        config.write_text(DEEP_TOML)
    elif kind == "fifo":
        os.mkfifo(config)
    elif kind == "dev-zero":
        config.symlink_to("/dev/zero")
    else:
        sparse(config, 1024 * 1024 + 1)
    done = run_cli("check", "--no-bandwidth", timeout=20)  # check reads settings first
    assert done.returncode == 3 and done.stderr.count("\n") == 1, done.stderr
    assert needle in done.stderr and "settings file" in done.stderr
    app = run_cli(timeout=20)  # the app reads them before it starts
    one_line(app, needle)


# -- data files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["deep", "fifo", "huge"])
def test_a_bad_data_file_is_one_line_for_reads_and_writes(kind, data_dir):
    assert run_cli("ask", "a first question").returncode == 0
    (path,) = (data_dir / "questions").glob("*.json")
    path.unlink()
    if kind == "deep":
        path.write_text(DEEP_JSON)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        sparse(path, 64 * 1024 * 1024 + 1)
    needle = {"deep": "nested too deeply", "fifo": "not a regular file", "huge": "larger than 64 MiB"}[kind]
    for args in (["questions"], ["ask", "another"], ["export", "--all", "--format", "json"]):
        done = run_cli(*args, timeout=20)
        one_line(done, needle)
        assert str(path) in done.stderr


# -- backups ----------------------------------------------------------------------------------------


def test_backup_temp_file_is_private_and_synced_before_its_rename(store, monkeypatch):
    store.add(Question(text="backed up"))
    events: list[tuple[str, str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"), 0))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", str(src), os.stat(src).st_mode & 0o777))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = store.backup_daily()
    assert target is not None and zipfile.ZipFile(target).namelist()
    (tmp,) = [e for e in events if e[0] == "replace" and ".zip.tmp-" in e[1]]
    assert tmp[2] == 0o600
    synced = [i for i, e in enumerate(events) if e[0] == "fsync" and e[1] == tmp[1]]
    assert synced and synced[0] < events.index(tmp)
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_a_backup_that_fails_midway_leaves_no_temp_file(store, monkeypatch):
    store.add(Question(text="backed up"))

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    with pytest.raises(OSError):
        store.backup_daily()
    assert list(store.backup_dir.iterdir()) == []


def test_a_killed_backups_temp_file_is_cleaned_at_start_and_a_live_ones_kept(store):
    store.backup_dir.mkdir()
    dead = store.backup_dir / ".mentor-tui-2026-11-25.zip.tmp-999999999"
    dead_new = store.backup_dir / ".mentor-tui-2026-11-25.zip.tmp-999999998-0a1b2c3d"
    live = store.backup_dir / f".mentor-tui-2026-11-25.zip.tmp-{os.getppid()}"
    for p in (dead, dead_new, live):
        p.write_bytes(b"PK half")
    store.cleanup()
    assert not dead.exists() and not dead_new.exists() and live.exists()


def test_backup_skips_a_fifo_instead_of_waiting_on_it(store, data_dir):
    store.add(Question(text="backed up"))
    os.mkfifo(data_dir / "questions" / "2099-01.json")
    done = threading.Event()
    result: list = []

    def run():
        result.append(store.backup_daily())
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "backup hung on a FIFO"
    names = zipfile.ZipFile(result[0]).namelist()
    assert "questions/2099-01.json" not in names and len(names) == 1


def test_read_regular_refuses_without_opening(tmp_path, monkeypatch):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    opened: list = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    for path in (fifo, "/dev/zero"):
        with pytest.raises(store_files.UnreadableFile, match="not a regular file"):
            store_files.read_regular(path)
    assert opened == []


def test_store_reports_a_fifo_data_file_as_a_store_error(store, data_dir):
    store.add(Question(text="x"))
    (path,) = (data_dir / "questions").glob("*.json")
    path.unlink()
    os.mkfifo(path)
    start = time.monotonic()
    with pytest.raises(StoreError, match="not a regular file"):
        store.all(Question)
    with pytest.raises(StoreError, match="not a regular file"):
        store.add(Question(text="y"))  # same month, so the same file
    assert time.monotonic() - start < 5
