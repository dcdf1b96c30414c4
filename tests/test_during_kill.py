"""Notes survive a SIGKILL: a child process runs the app headless and types; the parent kills it
mid-word and finds everything but (at most) the last second of typing in the store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

from mentor_tui.models import Session

from .conftest import ROOT, cli_env

CHILD = r'''
import asyncio, sys, time
from pathlib import Path
from mentor_tui.app import make_app
from mentor_tui.screens.during import DuringScreen
from mentor_tui.store import Store

TEXT = sys.argv[2]

async def main():
    app = make_app(Store(Path(sys.argv[1])).open())
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, DuringScreen) and app.screen.session is not None):
            await pilot.pause(0.05)
        print("ready", flush=True)
        for i, ch in enumerate(TEXT, 1):
            await pilot.press("space" if ch == " " else ch)
            print(f"typed {i} {time.monotonic()}", flush=True)
        await asyncio.sleep(60)

asyncio.run(main())
'''

TEXT = " ".join(f"word{chr(97 + i % 26)}{i}" for i in range(120))


def test_sigkill_loses_at_most_the_last_second(store, data_dir, tmp_path):
    session = store.add(Session(topic="kill test", status="live",
                                started_at=datetime.now(timezone.utc)))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    proc = subprocess.Popen([sys.executable, str(script), str(data_dir), TEXT],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(data_dir), cwd=ROOT)
    typed_at: list[float] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("typed"):
                typed_at.append(float(line.split()[2]))
                if len(typed_at) > 150:
                    break
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(typed_at) > 150, proc.stderr.read()[-2000:]
    assert typed_at[-1] - typed_at[0] > 2.0  # typing went on long enough to mean something
    notes = store.get(Session, session.id).notes
    assert TEXT.startswith(notes)  # whatever is stored is exactly what was typed
    must_have = sum(1 for t in typed_at if t <= killed_at - 1.0)
    assert len(notes) >= must_have, (len(notes), must_have, len(typed_at))
