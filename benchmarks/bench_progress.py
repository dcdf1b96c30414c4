"""How long the Progress view takes with a year of practice (365 days, 2,000 logs).

Budget: 100 ms median for the view to render. Printed figures (median of N runs):

- baseline: a bare loop summing minutes per day over the logs (the least work possible);
- compute: ``progress.compute`` over the year (tasks, logs, questions, cards);
- compute + render: the above plus drawing the view to 120-column terminal lines with Rich;
- in the app: the Progress tab of a real app updated and repainted (``ProgressView.show`` and
  one refresh), with the data already read;
- store read + compute: the screen's worker reading the year back from the data folder and
  computing the figures (off the UI thread).

Run: ``python benchmarks/bench_progress.py``
"""

from __future__ import annotations

import asyncio
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402

from mentor_tui.models import PracticeLog, PracticeTask, Question, ReviewCard  # noqa: E402
from mentor_tui.progress import compute  # noqa: E402
from mentor_tui.widgets.progress_view import ProgressView, render_progress  # noqa: E402

NOW = datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc)
RUNS = 30
BUDGET_MS = 100.0


def year_of_data(seed: int = 1):
    rnd = random.Random(seed)
    today = NOW.astimezone().date()
    logs = [PracticeLog(day=today - timedelta(days=i % 365), minutes=rnd.randint(5, 60),
                        note="practice") for i in range(2000)]
    kinds = ("warmup", "core", "stretch")
    tasks = [PracticeTask(title=f"task {i}", kind=kinds[i % 3],
                          status=rnd.choice(["todo", "doing", "done", "done", "dropped"]))
             for i in range(600)]
    questions = []
    for i in range(400):
        at = NOW - timedelta(days=rnd.randint(0, 364))
        alone = rnd.random() < 0.5
        questions.append(Question(text=f"question {i}", status="solved" if alone else "answered",
                                  solved_alone=alone, answered_at=at))
    cards = [ReviewCard(text=f"card {i}", due_at=NOW + timedelta(days=rnd.randint(-5, 60))) for i in range(300)]
    return tasks, logs, questions, cards


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def baseline(logs) -> None:
    per_day: dict = {}
    for log in logs:
        per_day[log.day] = per_day.get(log.day, 0.0) + log.minutes


def compute_and_render(data) -> None:
    console = Console(file=io.StringIO(), width=120, color_system="truecolor", force_terminal=True)
    console.print(render_progress(compute(*data, NOW)))


async def in_app(data) -> float:
    from textual.app import App, ComposeResult

    class Bench(App):
        def compose(self) -> ComposeResult:
            yield ProgressView("")

    app = Bench()
    times = []
    async with app.run_test(size=(120, 50)) as pilot:
        view = app.query_one(ProgressView)
        for _ in range(RUNS + 1):
            t = time.perf_counter()
            view.show(compute(*data, NOW))
            await pilot.pause()  # layout and paint
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times[1:])


def store_read(data) -> float:
    from mentor_tui.screens.after import load_snapshot
    from mentor_tui.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp)).open()
        store.put_many([*data[0], *data[1], *data[2], *data[3]])
        return median_ms(lambda: load_snapshot(store, NOW), runs=10)


def main() -> int:
    data = year_of_data()
    tasks, logs, questions, cards = data
    print(f"data: {len(logs)} logs over 365 days, {len(tasks)} tasks, {len(questions)} questions, "
          f"{len(cards)} cards; median of {RUNS} runs")
    base = median_ms(lambda: baseline(logs))
    comp = median_ms(lambda: compute(*data, NOW))
    full = median_ms(lambda: compute_and_render(data))
    app_ms = asyncio.run(in_app(data))
    read = store_read(data)
    print(f"baseline (sum minutes per day):   {base:8.2f} ms")
    print(f"compute:                          {comp:8.2f} ms  ({comp / base:6.1f}x baseline)")
    print(f"compute + render (120 cols):      {full:8.2f} ms  ({full / base:6.1f}x baseline)")
    print(f"in the app (show + repaint):      {app_ms:8.2f} ms  ({app_ms / base:6.1f}x baseline)")
    print(f"store read + compute (worker):    {read:8.2f} ms  ({read / base:6.1f}x baseline)")
    worst = max(full, app_ms)
    verdict = "OK" if worst <= BUDGET_MS else "OVER BUDGET"
    print(f"view render budget {BUDGET_MS:.0f} ms: worst {worst:.2f} ms -> {verdict}")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
