"""Issue 10, cases 2 and 4: a stray control character or an odd place to ask from never blocks a
save. Driven as a learner drives it: the real app with Pilot (paste, type, capture) and ``ask`` in
a separate process, then the data read back from disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual import events

from mentor_tui.models import Question, Session, utcnow
from mentor_tui.dialogs.modals import CaptureQuestion

from .conftest import cli_env, resumed_live_notes, run_cli, wait_until

CONTROLS = "\x85\x7f\x1b\x00"


def notes_on_disk(store, session_id: str) -> str:
    """The notes as the file holds them (not through the model, which would clean them again)."""
    raw = json.loads(store.path_for(Session, session_id).read_text(encoding="utf-8"))
    (doc,) = [d for table in raw.values() for d in table.values() if d.get("id") == session_id]
    return doc["notes"]


async def test_control_characters_pasted_into_live_notes_do_not_block_later_saves(make_app, store):
    session = store.add(Session(mentor="Ada", status="live", started_at=utcnow()))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # a live session is resumed at start: the notes have the keyboard
        screen = await resumed_live_notes(pilot)

        pasted = "copied from the web:\x85NEL here, DEL\x7f here, ESC\x1b[2J here, NUL\x00 here. end"
        app._driver.send_message(events.Paste(pasted))
        await pilot.pause(0.05)
        assert "NEL here" in screen.editor.text  # the paste reached the notes
        assert await wait_until(pilot, lambda: "NUL here. end" in notes_on_disk(store, session.id),
                                timeout=1.0)
        saved = notes_on_disk(store, session.id)
        assert saved == "copied from the web:\nNEL here, DEL here, ESC[2J here, NUL here. end"

        await pilot.press("enter", *"typed", "space", *"later")  # typing after the paste is saved
        assert await wait_until(pilot, lambda: notes_on_disk(store, session.id).endswith("typed later"),
                                timeout=1.5)
        assert not any(n.severity == "error" for n in app._notifications)  # no "Notes not saved"
        assert app.is_running


async def test_in_app_capture_from_a_long_odd_directory_saves_the_question(make_app, store, tmp_path,
                                                                        monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/feat\x1b[31m" + "x" * 300 + "\nmore\n")
    deep = deep_dir(repo, 140)
    monkeypatch.chdir(deep)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureQuestion)
        await pilot.press(*"Why", "space", *"here?", "enter")
        assert await wait_until(pilot, lambda: store.all(Question))
        (q,) = store.all(Question)
        assert q.text == "Why here?"
        assert_fitted(q.context.model_dump(), deep)
        assert q.context.git_repo == "repo" and q.context.git_branch.startswith("feat[31mxxx")
        assert app.is_running


# -- ask, in a separate process -------------------------------------------------------------------


def deep_dir(base: Path, length: int) -> Path:
    """A folder under *base* whose absolute path is exactly *length* characters long."""
    path = base
    while len(str(path)) < length - 12:
        path = path / "sub-folder"
    path = path / ("z" * (length - len(str(path)) - 1))
    path.mkdir(parents=True)
    assert len(str(path)) == length
    return path


def assert_fitted(context: dict, where: Path) -> None:
    cwd = context["cwd"]
    assert len(cwd) <= 120 and cwd.startswith("…/") and str(where).endswith(cwd[1:])
    for key in ("cwd", "git_repo", "git_branch"):
        assert len(context[key]) <= 120
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in context[key]), key


def ask_in(cwd: Path | bytes, *args: str, timeout: float = 30, input: str | None = None):
    return subprocess.run([sys.executable, "-m", "mentor_tui", "ask", *args], cwd=cwd,
                          capture_output=True, text=True, env=cli_env(), timeout=timeout, input=input)


def only_question() -> dict:
    out = run_cli("questions", "--json")
    assert out.returncode == 0, out.stderr
    (q,) = json.loads(out.stdout)
    return q


def test_ask_from_a_140_character_working_directory_saves_the_question(tmp_path):
    deep = deep_dir(tmp_path, 140)
    proc = ask_in(deep, "asked from deep down")
    assert proc.returncode == 0, proc.stderr
    q = only_question()
    assert q["id"] == proc.stdout.strip() and q["text"] == "asked from deep down"
    assert_fitted(q["context"], deep)


def test_ask_with_an_odd_branch_name_saves_the_question(tmp_path):
    repo = tmp_path / "odd-repo"
    (repo / ".git").mkdir(parents=True)
    branch = "fix/\x1b[2Jnew\nline\x85" + "b" * 300
    (repo / ".git" / "HEAD").write_bytes(b"ref: refs/heads/" + branch.encode() + b"\xff\n")
    proc = ask_in(repo, "which branch?")
    assert proc.returncode == 0, proc.stderr
    ctx = only_question()["context"]
    assert ctx["git_repo"] == "odd-repo"
    assert ctx["git_branch"].startswith("fix/[2Jnew line bbb") and ctx["git_branch"].endswith("…")
    assert_fitted({**ctx, "cwd": "…/odd-repo"}, repo)


def test_ask_from_a_directory_with_non_utf8_bytes_saves_the_question(tmp_path):
    where = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff")
    os.mkdir(where)
    proc = ask_in(where, "bytes in my path")
    assert proc.returncode == 0, proc.stderr
    ctx = only_question()["context"]
    assert ctx["cwd"] == str(tmp_path) + "/caf\ufffd-\ufffd"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_ask_does_not_hang_on_a_fifo_named_git_head(tmp_path):
    repo = tmp_path / "fifo-repo"
    (repo / ".git").mkdir(parents=True)
    os.mkfifo(repo / ".git" / "HEAD")
    proc = ask_in(repo, "still here?", timeout=20)  # before the fix: blocked for ever on open()
    assert proc.returncode == 0, proc.stderr
    ctx = only_question()["context"]
    assert (ctx["git_repo"], ctx["git_branch"]) == ("fifo-repo", "")


def test_ask_keeps_text_and_error_output_with_control_characters(tmp_path):
    proc = ask_in(tmp_path, "why\x1b[2J does\x7f this\x85 fail?", "--error", "-",
                  input="Traceback (most recent call last):\r\n  \x1b[31mboom\x1b[0m\r\n\x00")
    assert proc.returncode == 0, proc.stderr
    q = only_question()
    assert q["text"] == "why[2J does this\n fail?"
    assert q["context"]["error_text"] == "Traceback (most recent call last):\n  [31mboom[0m\n"


async def test_a_failed_notes_save_is_reported_literally_and_the_app_stays_up(make_app, store,
                                                                               monkeypatch):
    from mentor_tui import live_session as ls

    session = store.add(Session(mentor="Ada", status="live", started_at=utcnow()))
    real_save = ls.save_notes
    failures = []

    def failing_once(store_, sid, text):
        if not failures:  # pydantic's own wording holds brackets that Textual markup can't parse
            failures.append(text)
            raise ValueError("notes: bad [type=value_error, input_value='a[/url]b'] [/url]")
        return real_save(store_, sid, text)

    monkeypatch.setattr(ls, "save_notes", failing_once)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # toasts drawn
        await resumed_live_notes(pilot)
        await pilot.press(*"first")
        assert await wait_until(pilot, lambda: failures)

        def errors():
            return [n for n in app._notifications if n.severity == "error"]

        assert await wait_until(pilot, errors)  # the toast is shown
        await pilot.pause(0.2)  # and drawn: a markup error would end the app here
        assert app.is_running
        # The failure's own toast, literally (one CI run on 3.12 showed a second error toast
        # beside it; which one is not known yet, see the closing note of stop 13).
        assert any("[/url]" in n.message and "input_value" in n.message for n in errors())
        await pilot.press(*"second")  # retried: everything typed reaches the disk
        assert await wait_until(pilot, lambda: notes_on_disk(store, session.id) == "firstsecond",
                                timeout=4)
        assert app.is_running
