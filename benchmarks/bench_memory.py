"""RSS step by step through bench_startup's mode tour, for working on memory (issue #12).

``bench_startup.py`` gives one figure (RSS after every mode, vs a bare Textual app) in ~40 s; this
prints the resident size after each step of the same tour in one launch (~5 s), so a change can
be measured where it acts: the first screen, each mode's first visit, History, the first search.

    python benchmarks/bench_memory.py [--runs 3] [--data DIR] [--pause 0]

Each step is read as soon as it is on screen (``--pause``: wait that long first, to let the
background reads finish; that changes how they overlap, and so the figures); the last reading is
taken 0.3 s after the tour, as bench_startup takes its figure, and a last one 4 s later: at 0.3 s
the reads the tour put off are still running and the garbage made during the tour is not freed
until the learner has been idle 2 s (seen: 112-114 MB settled against 117-118 MB at 0.3 s).

RSS is not timing-sensitive the way start-up is, so it is fair to measure on a loaded machine;
runs still differ by a megabyte or two (background reads overlap differently), hence ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_startup import (  # noqa: E402
    BARE, FIRST_SCREEN, MODES, PRACTICE_LIST, key_until, launch, rss_kb, wait_text)
from benchmarks.five_years import FIVE_YEARS, generate  # noqa: E402
from tests import realterm  # noqa: E402


def tour(data: Path, env: dict[str, str], pause: float) -> dict[str, float]:
    """One launch at *data*: MB resident after each step of bench_startup's tour."""
    term = launch(realterm.mentor_tui_command() + ["--data-dir", str(data)], env)
    out: dict[str, float] = {}

    def note(label: str, wait: float = pause) -> None:
        time.sleep(wait)
        out[label] = rss_kb(term.proc.pid) / 1024

    try:
        wait_text(term, FIRST_SCREEN)
        note("first screen")
        for rnd in ("first", "again"):
            for key, title in MODES:
                key_until(term, key, f"mentor-tui — {title}")
                if rnd == "first" and title == "After":
                    wait_text(term, PRACTICE_LIST)
                note(f"{rnd} {title}")
        for rnd in ("first", "again"):
            key_until(term, "f6", "mentor-tui — History")
            note(f"{rnd} History")
            key_until(term, "escape", "mentor-tui — Before")
        key_until(term, "\x06", "mentor-tui — Search")
        term.send("closure")
        wait_text(term, " results")
        note("search")
        key_until(term, "escape", "mentor-tui — Before")
        note("end (bench_startup's figure)", 0.3)
        # The reads put off while keys kept coming (Before's and After's full lists) run once the
        # tour stops, and the garbage frozen during it is freed after 2 s of quiet: what stays.
        note("settled (4 s later)", 4.0)
        return out
    finally:
        term.close()


def bare_rss(env: dict[str, str]) -> float:
    term = launch([sys.executable, "-c", BARE], env)
    try:
        wait_text(term, "bare-ready")
        time.sleep(0.3)
        return rss_kb(term.proc.pid) / 1024
    finally:
        term.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="a five-year data folder (default: made afresh)")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds before each step's reading")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mentor-bench-mem-"))
    try:
        data = args.data
        if data is None:
            data = work / "big"
            generate(data, FIVE_YEARS)
        env = dict(os.environ, PYTHONPATH=str(ROOT), MENTOR_TUI_CONFIG=str(work / "config.toml"))
        tour(data, env, args.pause)  # warm: the store's summary is written on the first start
        runs = [tour(data, env, args.pause) for _ in range(args.runs)]
        bare = statistics.median(bare_rss(env) for _ in range(args.runs))
        print(f"RSS in MB, median of {args.runs} launches at five years (bare Textual app {bare:.0f} MB)")
        for label in runs[0]:
            mb = statistics.median(r[label] for r in runs)
            print(f"  {label:<30} {mb:6.1f}   ratio {mb / bare:4.2f}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
