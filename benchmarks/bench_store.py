"""Store and `ask` speed, as ratios against baselines measured in the same run.

1. `mentor-tui ask` wall time vs the stack's floor (a Python that imports tinydb and pydantic and
   defines one model), with an empty store and with 10,000 questions.
2. A question write and a session-notes save with 100 records stored vs at five years (the shared
   data set of ``five_years.py``: 300 sessions, 5,000 questions, 2,000 practice logs, ...).

Targets: ask ≤ 1.5× floor (empty), ≤ 2× floor (10,000); writes at five years ≤ 3× writes at 100.

    python benchmarks/bench_store.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.five_years import generate  # noqa: E402
from mentor_tui.models import Entry, PracticeLog, Question, Session, new_id  # noqa: E402
from mentor_tui.store import Store  # noqa: E402

FLOOR = "import tinydb\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    a: int\n"
NOW = datetime.now(timezone.utc)
FIVE_YEARS = timedelta(days=5 * 365)


def wall(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of *cmd* in ms (one warm-up run first)."""
    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        if i:
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def spread_id(rng: random.Random) -> str:
    """An id from a random moment in the last five years (records land in their month's file)."""
    return new_id(NOW - FIVE_YEARS * rng.random())


def fill(store: Store, questions: int, sessions: int, entries: int, logs: int) -> Session:
    rng = random.Random(1)
    store.put_many(
        Question(id=spread_id(rng), text=f"How does thing {i} work, and why?" * 2, tags=["python"])
        for i in range(questions)
    )
    per_session = entries // max(sessions, 1)
    all_sessions = []
    for s in range(sessions):
        sid = spread_id(rng) if s else new_id()  # the last (current) one is this month's
        all_sessions.append(
            Session(
                id=sid,
                topic=f"topic {s}",
                notes="A line of notes about the topic, typed live.\n" * 200,
                entries=[Entry(kind="insight", text=f"insight {e}") for e in range(per_session)],
            )
        )
    store.put_many(all_sessions)
    store.put_many(PracticeLog(id=spread_id(rng), minutes=25, note="practised") for _ in range(logs))
    return next(s for s in all_sessions if s.topic == "topic 0")


def write_costs(store: Store, session: Session, runs: int) -> tuple[float, float]:
    """Median ms of one question capture and one notes autosave."""
    q_times, n_times = [], []
    for i in range(runs):
        t = time.perf_counter()
        store.add(Question(text=f"benchmark question {i}"))
        q_times.append((time.perf_counter() - t) * 1000)
        text = session.notes + f"typed {i}\n"
        t = time.perf_counter()
        store.update(Session, session.id, lambda s, text=text: s.model_copy(update={"notes": text}))
        n_times.append((time.perf_counter() - t) * 1000)
    return statistics.median(q_times), statistics.median(n_times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mentor-bench-"))
    try:
        script = Path(sys.executable).with_name("mentor-tui")
        ask = [str(script)] if script.exists() else [sys.executable, "-m", "mentor_tui"]
        env = dict(os.environ, PYTHONPATH=str(ROOT))

        floor = wall([sys.executable, "-c", FLOOR], env, args.runs)
        env["MENTOR_TUI_DATA_DIR"] = str(work / "empty")
        empty = wall([*ask, "ask", "a quick question"], env, args.runs)
        big = Store(work / "big").open()
        big.put_many(Question(id=spread_id(random.Random(i)), text=f"question {i}") for i in range(10_000))
        env["MENTOR_TUI_DATA_DIR"] = str(work / "big")
        full = wall([*ask, "ask", "a quick question"], env, args.runs)

        print("mentor-tui ask (median wall time)")
        print(f"  floor (python + tinydb + pydantic model)   {floor:7.1f} ms")
        print(f"  ask, empty store                            {empty:7.1f} ms  ratio {empty / floor:4.2f}  (target ≤ 1.5)")
        print(f"  ask, 10,000 questions                       {full:7.1f} ms  ratio {full / floor:4.2f}  (target ≤ 2.0)")

        small = Store(work / "small").open()
        s_small = fill(small, questions=60, sessions=1, entries=20, logs=20)
        large = Store(work / "large").open()
        generate(large.root)
        s_large = large.all(Session)[0]
        q_small, n_small = write_costs(small, s_small, args.runs * 3)
        q_large, n_large = write_costs(large, s_large, args.runs * 3)
        print("writes (median, in-process)")
        print(f"  question write   100 records {q_small:6.2f} ms   five years {q_large:6.2f} ms  ratio {q_large / q_small:4.2f}  (target ≤ 3)")
        print(f"  notes save       100 records {n_small:6.2f} ms   five years {n_large:6.2f} ms  ratio {n_large / n_small:4.2f}  (target ≤ 3)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
