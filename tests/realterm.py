"""Run the real ``mentor-tui`` in a pseudo-terminal and read its screen like a person would.

``App.run_test()`` is not ``App.run()``: on Python 3.12+ a real launch installs asyncio's eager
task factory and schedules tasks differently (Textualize/textual#6444 crashed every real start
while every Pilot test passed). This helper starts the installed console script in a pty of a
given size, feeds its output to a ``pyte`` terminal emulator, and lets a test send keys and wait
for text to appear on the emulated screen.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte

#: What a terminal sends for the keys the tests press (xterm).
KEYS = {
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "f6": "\x1b[17~",
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "ctrl+f": "\x06",
    "ctrl+n": "\x0e",
    "ctrl+q": "\x11",
}


def mentor_tui_command() -> list[str]:
    """The installed console script beside this interpreter, or ``python -m mentor_tui``."""
    script = Path(sys.executable).parent / "mentor-tui"
    if script.exists():
        return [str(script)]
    found = shutil.which("mentor-tui")
    return [found] if found else [sys.executable, "-m", "mentor_tui"]


class RealTerminal:
    """One real launch of the app in a pty, with an emulated screen to read."""

    def __init__(self, args: list[str], *, columns: int = 120, lines: int = 40, env=None) -> None:
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self.raw = bytearray()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines))
        full_env.pop("TEXTUAL", None)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            mentor_tui_command() + args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    if self.proc.poll() is not None:
                        return
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.raw.extend(data)
                self.stream.feed(data)

    def text(self) -> str:
        """The emulated screen as lines of text."""
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        """Wait until ``needle`` is on screen; fail with the screen shown if it never comes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if needle in shown:
                return shown
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"{needle!r} not on screen (exit code {self.proc.poll()}):\n{self.text()}\n"
            f"--- raw tail ---\n{bytes(self.raw[-3000:]).decode('utf-8', 'replace')}"
        )

    def press(self, *keys: str) -> None:
        for key in keys:
            self.send(KEYS.get(key, key))

    def send(self, text: str | bytes) -> None:
        os.write(self.master, text.encode() if isinstance(text, str) else text)

    def wait_exit(self, timeout: float = 20.0) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        try:
            os.close(self.master)
        except OSError:
            pass
