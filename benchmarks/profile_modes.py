"""Where the time goes at five years: the store reads each screen makes, then the app itself,
headless (``run_test``, 120x40), timed phase by phase, optionally under cProfile (main thread).

    python benchmarks/profile_modes.py [DATA_DIR] [--cprofile FILE]

Without DATA_DIR the shared five-year set is generated (cached). Figures are wall times on a
shared machine: compare phases within one run, not across runs. ``bench_startup.py`` has the
figures that count (a real terminal, ratios against a bare Textual app).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def line(name: str, ms: float) -> None:
    print(f"  {name:<36}{ms:8.0f} ms")


def timed(name: str, call):
    start = time.perf_counter()
    result = call()
    line(name, (time.perf_counter() - start) * 1000)
    return result


def loaders(root: Path) -> None:
    """The store calls behind each screen, on a cold Store (no caches)."""
    from mentor_tui import export
    from mentor_tui.models import (EquipmentCheck, Material, PracticeLog, PracticeTask, Question,
                                   ReviewCard, Session)
    from mentor_tui.search import DocCache
    from mentor_tui.store import Store

    print("store reads (thread side)")
    store = Store(root).open()
    timed("summary()", store.summary)
    for model in (Question, Session, PracticeTask, PracticeLog, ReviewCard, EquipmentCheck, Material):
        timed(f"all({model.__name__})", lambda m=model: store.all(m))
    from mentor_tui.screens.after import load_snapshot

    timed("After: load_snapshot", lambda: load_snapshot(Store(root), datetime.now(timezone.utc)))
    timed("History: load_all_bundles", lambda: export.load_all_bundles(Store(root)))
    timed("Search: DocCache.refresh", lambda: DocCache(Store(root)).refresh())


async def until(pred, what: str, start: float) -> None:
    while not pred():
        await asyncio.sleep(0.002)
    line(what, (time.perf_counter() - start) * 1000)


async def app_phases(root: Path, t0: float) -> None:
    """Headless: first inbox line, each mode's first visit and again, History, first search."""
    from mentor_tui.app import make_app
    from mentor_tui.settings import Settings
    from mentor_tui.store import Store

    line("import mentor_tui.app", (time.perf_counter() - t0) * 1000)
    app = make_app(Store(root).open(), Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        def stats() -> bool:
            try:
                return "question" in str(app.screen.query_one("#inbox-stats").render())
            except Exception:  # noqa: BLE001 - not composed yet
                return False

        await until(stats, "first inbox line (from start)", t0)
        for rnd in ("first", "again"):
            for key, mode in (("f3", "during"), ("f4", "after"), ("f5", "equipment"), ("f2", "before")):
                start = time.perf_counter()
                await pilot.press(key)
                await until(lambda m=mode: app.current_mode == m, f"{rnd}: {mode}", start)
                if mode == "after":
                    await until(lambda: getattr(app.screen, "loaded", False), f"{rnd}: after, data shown", start)
        from mentor_tui.screens.history import HistoryScreen
        from mentor_tui.screens.search import SearchScreen

        start = time.perf_counter()
        await pilot.press("f6")
        await until(lambda: isinstance(app.screen, HistoryScreen), "History shown", start)
        await until(lambda: app.screen.query_one("DataTable").row_count > 0, "History listed", start)
        await pilot.press("escape")
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("ctrl+f")
        await until(lambda: isinstance(app.screen, SearchScreen), "Search shown", start)
        await pilot.press(*"closure")

        def answered() -> bool:
            return app.screen.query_one("OptionList").option_count > 0

        await until(answered, "first search answered", start)
        import resource

        print(f"  max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", nargs="?", type=Path)
    parser.add_argument("--cprofile", help="write the main thread's cProfile stats here")
    args = parser.parse_args()
    if args.data_dir is None:
        from benchmarks.five_years import cached

        args.data_dir = cached()
    t0 = time.perf_counter()
    print("app, headless 120x40")
    if args.cprofile:
        import cProfile

        cProfile.runctx("asyncio.run(app_phases(args.data_dir, t0))", globals(), locals(), args.cprofile)
    else:
        asyncio.run(app_phases(args.data_dir, t0))
    loaders(args.data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
