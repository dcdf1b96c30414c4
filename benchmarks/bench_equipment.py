"""Equipment probe beside typing: key-press latency and app memory, probing vs idle.

Runs the real app headless on a temporary store with a stand-in Speedtest Mini server in a separate
process (paced like a 50 Mbps line, so the probe lasts a few seconds), then:

1. idle: the Equipment panel open (live readings running), typing into the capture dialog;
2. probing: the same typing while the bandwidth probe runs.

Key-press latency is the time ``pilot.press`` takes for one character to be handled and the app to
settle (Pilot's own overhead is in both figures). Memory is the resident set of this process plus
its children (the app runs the probe in a child process), sampled every 20 ms. Targets: median key-press
latency while probing <= 100 ms; peak memory while probing <= idle peak + 60 MB.

Usage: python benchmarks/bench_equipment.py [rate_mbps]
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentor_tui.app import make_app  # noqa: E402
from mentor_tui.models import EquipmentCheck  # noqa: E402
from mentor_tui.settings import Settings  # noqa: E402
from mentor_tui.store import Store  # noqa: E402

TEXT = "is my connection good enough for screen sharing "


class MemoryWatch:
    """Peak RSS of this process plus its children (the probe runs in one) between start() and stop().

    The child list is refreshed every 0.5 s (scanning /proc is costly); RSS is read every 20 ms.
    """

    def __init__(self, exclude: set[int]) -> None:
        self.proc = psutil.Process()
        self.exclude = exclude  # the stand-in server is our child too, but not part of the app
        self.peak = 0
        self._children: list[psutil.Process] = []
        self._stop = threading.Event()

    def start(self) -> MemoryWatch:
        self._refresh()
        self.peak = self.total()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _refresh(self) -> None:
        self._children = [c for c in self.proc.children(recursive=True) if c.pid not in self.exclude]

    def _run(self) -> None:
        n = 0
        while not self._stop.wait(0.02):
            n += 1
            if n % 25 == 0:
                self._refresh()
            self.peak = max(self.peak, self.total())

    def total(self) -> int:
        rss = self.proc.memory_info().rss
        for child in self._children:
            try:
                rss += child.memory_info().rss
            except psutil.Error:
                pass
        return rss

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


async def type_keys(pilot, keep_going) -> list[float]:
    """Press characters one by one while keep_going(); return each press's latency in ms."""
    out = []
    i = 0
    while keep_going():
        ch = TEXT[i % len(TEXT)]
        key = "space" if ch == " " else ch
        t = time.perf_counter()
        await pilot.press(key)
        out.append((time.perf_counter() - t) * 1000)
        i += 1
        await asyncio.sleep(0.03)  # a fast typist: ~30 characters a second
    return out


async def main(rate_mbps: float) -> int:
    # The server is a separate process so its work is not counted as the app's.
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "standin_server.py"), str(rate_mbps)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        url = server.stdout.readline().strip()
        store = Store(Path(tempfile.mkdtemp(prefix="bench-eq-"))).open()
        app = make_app(store, Settings(required_software=["git", "python3"], probe_server=url, probe_timeout=30))
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.press("f5")
            equipment = app.screen
            await pilot.pause(2.0)  # readings running, imports done
            # warm-up so first-use costs (imports, CSS) are not counted in either phase
            await pilot.press("ctrl+n")
            await type_keys(pilot, iter([True] * 10 + [False]).__next__)
            await pilot.press("escape")

            await pilot.press("ctrl+n")
            mem = MemoryWatch({server.pid}).start()
            end = time.monotonic() + 4.0
            idle = await type_keys(pilot, lambda: time.monotonic() < end)
            idle_peak = mem.stop()
            await pilot.press("escape")

            equipment.action_probe()
            await pilot.pause(0.05)
            await pilot.press("ctrl+n")
            mem = MemoryWatch({server.pid}).start()
            t0 = time.monotonic()
            probing = await type_keys(pilot, lambda: equipment.probing and time.monotonic() - t0 < 40)
            probe_peak = mem.stop()
            probe_seconds = time.monotonic() - t0
            await pilot.press("escape")
            for _ in range(100):
                if store.all(EquipmentCheck):
                    break
                await pilot.pause(0.1)
        checks = store.all(EquipmentCheck)
    finally:
        server.terminate()
        server.wait(5)

    def summary(xs):
        xs = sorted(xs)
        return f"median {statistics.median(xs):6.1f} ms  p90 {xs[int(len(xs) * 0.9)]:6.1f} ms  max {xs[-1]:6.1f} ms  (n={len(xs)})"

    med_idle, med_probe = statistics.median(idle), statistics.median(probing)
    extra_mb = (probe_peak - idle_peak) / 2**20
    print(f"stand-in server paced at {rate_mbps:g} Mbps; probe ran {probe_seconds:.1f} s while typing")
    if checks:
        c = checks[-1]
        print(f"probe result: down {c.download_mbps} Mbps, up {c.upload_mbps} Mbps, rtt {c.latency_ms} ms, "
              f"jitter {c.jitter_ms} ms, loss {c.loss_pct}%")
    print(f"key press, idle:    {summary(idle)}")
    print(f"key press, probing: {summary(probing)}")
    print(f"median ratio probing/idle: {med_probe / med_idle:.2f}x   target: median while probing <= 100 ms -> "
          f"{'PASS' if med_probe <= 100 else 'FAIL'}")
    print(f"peak memory idle {idle_peak / 2**20:.1f} MB, probing {probe_peak / 2**20:.1f} MB: "
          f"+{extra_mb:.1f} MB   target <= +60 MB -> {'PASS' if extra_mb <= 60 else 'FAIL'}")
    return 0 if med_probe <= 100 and extra_mb <= 60 and checks else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 50.0)))
