"""Inbox filtering with 5,000 questions: time from a keypress in the filter box to the filtered
list being shown, against the same keypresses into a bare Textual Input in the same run.

Target (issue "Before the session"): median ≤ 50 ms.

    python benchmarks/bench_inbox.py
"""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from mentor_tui.app import make_app  # noqa: E402
from mentor_tui.models import Question  # noqa: E402
from mentor_tui.widgets.inbox_pane import InboxPane  # noqa: E402
from mentor_tui.store import Store  # noqa: E402

WORDS = ("closure loop async await promise index list dict class decorator import module test "
         "fixture docker git branch merge rebase sql join query css flex grid react state hook").split()
TYPED = "async"


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Input()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.watch_.arm(event.input)


class Stopwatch:
    """Stops when the widget has handled the change and the screen has been refreshed after it
    (``call_after_refresh``), so Pilot's own waiting is not counted."""

    def __init__(self) -> None:
        self.end = 0.0

    def arm(self, widget) -> None:
        widget.call_after_refresh(self._stop)

    def _stop(self) -> None:
        self.end = time.perf_counter()


async def time_keys(pilot, keys: str, watch: Stopwatch) -> list[float]:
    out = []
    for ch in keys:
        watch.end = 0.0
        start = time.perf_counter()
        await pilot.press(ch)
        while not watch.end:
            await asyncio.sleep(0.001)
        out.append((watch.end - start) * 1000)
    return out


async def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="mentor-bench-"))
    try:
        store = Store(work).open()
        rng = random.Random(3)
        store.put_many(
            Question(text=" ".join(rng.choices(WORDS, k=8)) + "?", tags=rng.sample(WORDS, 2))
            for _ in range(5_000)
        )
        bare = Bare()
        bare.watch_ = watch = Stopwatch()
        async with bare.run_test(size=(120, 40)) as pilot:
            field = bare.query_one(Input)
            base = []
            for _ in range(4):
                field.value = ""
                await pilot.pause()
                base += await time_keys(pilot, TYPED, watch)

        app = make_app(store, poll_interval=10)
        start = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            while len(app.screen.query_one(InboxPane).questions) < 5_000:
                await asyncio.sleep(0.01)
            opened = (time.perf_counter() - start) * 1000
            inbox = app.screen.query_one(InboxPane)
            original = inbox.render_list

            def render_and_arm() -> None:
                original()
                watch.arm(inbox)

            inbox.render_list = render_and_arm
            await pilot.press("slash")
            ours = []
            for _ in range(4):
                inbox.query_one("#inbox-filter", Input).value = ""
                await pilot.pause()
                ours += await time_keys(pilot, TYPED, watch)
            matches = len(inbox.listed)
        b, o = statistics.median(base), statistics.median(ours)
        print("inbox filter, 5,000 questions (median keypress → list shown)")
        print(f"  bare Textual Input          {b:6.1f} ms")
        print(f"  mentor-tui inbox filter     {o:6.1f} ms  ratio {o / b:4.2f}  (target ≤ 50 ms)  "
              f"[{matches} matches for {TYPED!r}]")
        print(f"  app start to inbox showing 5,000 questions: {opened:.0f} ms (loaded off the UI thread)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
