"""Issue 10, case 3: bytes that are not UTF-8 reaching the terminal input (an Alt key in an 8-bit
xterm, a Latin-1 paste) do not end the app (Textualize/textual#6456; see terminal_input.py).

Pilot feeds Textual events, not bytes, so this runs the real app in a pseudo-terminal, types into a
live session's notes and reads the notes back from the data folder."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_tui.models import Session, utcnow
from mentor_tui.store import Store

from .conftest import cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class TerminalApp:
    """``mentor-tui`` running in a pseudo-terminal of a given size; its output is drained (and
    kept) by a thread so the app never blocks writing to the screen."""

    def __init__(self, data_dir, columns: int = 120, rows: int = 40) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = cli_env(data_dir) | {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.proc = subprocess.Popen([sys.executable, "-m", "mentor_tui"], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the app closed the terminal
                return
            if not chunk:
                return
            self.output += chunk

    def send(self, data: bytes) -> None:
        os.write(self.master, data)
        time.sleep(0.1)  # one read() each, as a terminal delivers separate key presses

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        os.close(self.master)


def wait_for(predicate, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def live_session_in_terminal(data_dir, size) -> tuple[TerminalApp, Callable[[], str]]:
    """A live session in the store, the real app started on it in a pty (the session resumes
    with the keyboard in its notes), and a function reading the notes as the file holds them."""
    store = Store(data_dir).open()
    session = store.add(Session(mentor="Ada", status="live", started_at=utcnow()))
    path = store.path_for(Session, session.id)

    def notes() -> str:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return next(d["notes"] for t in raw.values() for d in t.values() if d.get("id") == session.id)

    app = TerminalApp(data_dir, *size)
    try:
        assert wait_for(lambda: b"Ada" in app.output, timeout=30), app.output[-2000:]
    except BaseException:
        app.close()
        raise
    time.sleep(0.5)
    return app, notes


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_invalid_utf8_bytes_do_not_end_the_app_and_later_typing_is_saved(data_dir, size):
    app, notes = live_session_in_terminal(data_dir, size)
    try:
        app.send(b"hello ")
        assert wait_for(lambda: notes() == "hello "), notes()

        app.send(b"\xff")  # not UTF-8 at all
        app.send(b"\x85")  # NEL as a raw Latin-1 byte: a lone continuation byte in UTF-8
        app.send(b"x\xc3")  # a sequence cut short by the next key
        app.send(b"world")
        assert wait_for(lambda: notes().endswith("world")), (notes(), app.output[-2000:])
        assert app.proc.poll() is None  # still up
        assert notes().startswith("hello ")

        app.send(b"\x11")  # ctrl+q
        assert app.proc.wait(15) == 0
    finally:
        app.close()
    assert notes().endswith("world")


def test_each_chunk_of_input_is_noticed_before_it_is_decoded_and_bad_bytes_still_pass():
    """The app's background readers sleep as a key arrives (``MentorApp.input_arrived``): the
    decoder calls the hook for every chunk the driver reads, and still replaces invalid bytes."""
    from mentor_tui.terminal_input import lenient_incremental_decoder

    seen: list[str] = []
    decode = lenient_incremental_decoder("utf-8", on_input=lambda: seen.append("input"))().decode
    assert decode(b"\x1bOR") == "\x1bOR" and seen == ["input"]
    assert decode(b"\xff \xc3") == "\ufffd " and decode(b"\xa9") == "é"  # split across chunks
    assert decode(b"") == "" and len(seen) == 3  # nothing read: nothing noticed
    plain = lenient_incremental_decoder("utf-8")().decode  # no hook: as before
    assert plain(b"ok\xff") == "ok\ufffd"


def test_the_real_driver_uses_the_noticing_decoder(monkeypatch):
    from textual.drivers import linux_driver

    from mentor_tui.terminal_input import decode_input_leniently

    monkeypatch.setattr(linux_driver, "getincrementaldecoder", linux_driver.getincrementaldecoder)
    seen: list[int] = []
    assert decode_input_leniently(on_input=lambda: seen.append(1))
    assert linux_driver.getincrementaldecoder("utf-8")().decode(b"x\xff") == "x\ufffd" and seen == [1]


async def test_input_arriving_holds_the_background_reads(make_app):
    app = make_app()
    async with app.run_test():
        assert app.background_pause(0.004) == 0.004
        app.input_arrived()  # from the driver's input thread, in a real terminal
        assert app.background_pause(0.004) > 0.1


def _events(chunks: list[bytes]) -> list:
    """What Textual's parser makes of *chunks* read by the app's decoder, one by one."""
    from textual._xterm_parser import XTermParser

    from mentor_tui.terminal_input import lenient_incremental_decoder

    decode = lenient_incremental_decoder("utf-8")().decode
    parser = XTermParser()
    return [event for chunk in chunks for event in parser.feed(decode(chunk))]


def test_a_paste_holding_an_escape_character_arrives_whole_and_in_order():
    """Textual's parser took an escape character inside a bracketed paste as the start of a key
    sequence: the rest of the paste came out as key presses before the paste (stored reversed,
    and outside a text box run as commands: "e" edit, "d" delete)."""
    from textual import events

    pasted = "ok [b]x[/b] ünï 🐍 \x1b[31mred\x1b[0m done"
    for chunks in ([f"\x1b[200~{pasted}\x1b[201~".encode()],
                   # the end marker and a character split across reads
                   [b"\x1b[200~ok \x1b[31mr\xc3", b"\xa9d\x1b[20", b"1~"]):
        got = _events(chunks)
        assert [type(e) for e in got] == [events.Paste], got
        assert "\x1b" not in got[0].text
    assert _events([f"\x1b[200~{pasted}\x1b[201~".encode()])[0].text == pasted.replace("\x1b", "^[")
    assert _events([b"\x1b[200~ok \x1b[31mr\xc3", b"\xa9d\x1b[20", b"1~"])[0].text == "ok ^[[31mréd"


def test_outside_a_paste_keys_and_a_lone_escape_are_unchanged():
    from mentor_tui.terminal_input import lenient_incremental_decoder

    decode = lenient_incremental_decoder("utf-8")().decode
    assert decode(b"\x1b") == "\x1b"  # the Escape key is not held back for the next read
    assert decode(b"\x1b[A\x1bOR") == "\x1b[A\x1bOR"  # up, F3
    assert decode(b"\x1b[200~a\x1bb\x1b[201~\x1b[B") == "\x1b[200~a^[b\x1b[201~\x1b[B"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_a_pasted_escape_sequence_lands_in_the_notes_in_order(data_dir, size):
    """In a real terminal: a paste with an escape sequence in it (coloured output copied from a
    log) is stored where it was pasted, as pasted, after what was typed before it."""
    app, notes = live_session_in_terminal(data_dir, size)
    try:
        app.send(b"typed ")
        assert wait_for(lambda: notes() == "typed "), notes()
        app.send("\x1b[200~error: \x1b[31mboom\x1b[0m (line 3)\x1b[201~".encode())
        app.send(b" after")
        expected = "typed error: ^[[31mboom^[[0m (line 3) after"
        assert wait_for(lambda: notes() == expected), (notes(), app.output[-2000:])
        app.send(b"\x11")  # ctrl+q
        assert app.proc.wait(15) == 0
    finally:
        app.close()


@given(body=st.text(alphabet="\x1b[201~a é🐍\n", max_size=40).filter(lambda t: "\x1b[201~" not in t),
       cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=6),
       before=st.text(alphabet="ab\x1b[A", max_size=6), after=st.text(alphabet="ab\x1b[B", max_size=6))
def test_a_paste_cut_anywhere_into_reads_decodes_to_the_same_text(body, cuts, before, after):
    """However the terminal's bytes are cut into reads, the paste's body comes out with every
    escape as ``^[``, and what surrounds the paste comes out unchanged."""
    from mentor_tui.terminal_input import PASTE_END, PASTE_START, lenient_incremental_decoder

    if PASTE_START in before:
        return
    data = (before + PASTE_START + body + PASTE_END + after).encode()
    decode = lenient_incremental_decoder("utf-8")().decode
    points = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    out = "".join(decode(data[a:b]) for a, b in zip(points, points[1:]))
    assert out == before + PASTE_START + body.replace("\x1b", "^[") + PASTE_END + after
