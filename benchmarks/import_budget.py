"""What `import mentor_tui.app` costs beyond Textual itself, as a ratio measured in one process.

The baseline is ``textual.app`` plus every Textual widget the first screen and its dialogs use
(not Markdown: it loads with the first text it shows, see ``widgets/lazy_markdown.py``);
they are imported first, then ``mentor_tui.app`` in the same interpreter, so ``-X importtime``
charges mentor_tui only for what it adds (our modules, pydantic, tinydb, ...). The ratio is
(baseline + ours) / baseline: both halves run under the same machine load, so it stays meaningful
on a busy CI box. The heavy modules that must not load before the first screen are listed in
``DEFERRED``; ``tests/test_import_budget.py`` fails when one of them comes back.

    python benchmarks/import_budget.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

BASELINE = (
    "import textual.app, textual.screen, textual.binding, textual.containers, textual.command\n"
    "from textual.widgets import (Button, Footer, Header, Input, Label, OptionList,\n"
    "    Select, Static, TabbedContent, TabPane, TextArea)\n"
    "from textual.widgets.option_list import Option\n"
)

#: Modules that load on first use, never at start-up (the cost beside each deferral in the code).
DEFERRED = (
    "fsrs",                         # review cards: mentor_tui/review.py
    "psutil",                       # equipment readings: mentor_tui/probes/system.py
    "speedtest",                    # bandwidth probe: mentor_tui/probes/network.py
    "mentor_tui.probes.check",
    "mentor_tui.screens.after",     # mode screens: built on first visit (MODES callables in app.py)
    "mentor_tui.screens.during",
    "mentor_tui.screens.equipment",
    "mentor_tui.screens.history",
    "mentor_tui.screens.search",
    "mentor_tui.search",
    "mentor_tui.export",
    "mentor_tui.review",
    "markdown_it",                  # Markdown widget: mentor_tui/widgets/lazy_markdown.py
    "filelock",                     # Windows only: mentor_tui/store/lock.py
    "pydantic",                     # the models: after the first frame (mentor_tui/inbox_rows.py)
    "mentor_tui.models",
    "mentor_tui.inbox",             # the inbox's rules (they import the models)
)

_PROBE = (
    BASELINE
    + "import sys\n"
    + "import mentor_tui.app\n"
    # The rest of the path to the first frame (``cli.cmd_app``): settings, the store's summary,
    # the inbox's first view.
    + "import mentor_tui.cli, mentor_tui.settings, mentor_tui.store.summary, mentor_tui.inbox_rows\n"
    + "print(','.join(m for m in {deferred!r} if m in sys.modules))\n"
)


#: Compiled bytecode is cached for both halves, as for a learner's installed copy (pip writes
#: .pyc files for Textual; a source checkout with PYTHONDONTWRITEBYTECODE=1 would otherwise
#: charge compiling every one of our modules to "ours" on every run).
_PYCACHE = tempfile.mkdtemp(prefix="mentor-tui-pycache-")


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=_PYCACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_once() -> tuple[float, float, list[str]]:
    """One interpreter: (baseline µs, mentor_tui.app µs on top, deferred modules that loaded)."""
    code = _PROBE.format(deferred=DEFERRED)
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                         text=True, check=True, env=_env())
    base_total = 0
    ours = 0
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cum, name = line.split("|")
        if not cum.strip().isdigit():
            continue
        indent = len(name) - len(name.lstrip())
        if indent != 1:  # only imports made by the -c code itself
            continue
        if name.strip() == "mentor_tui.app":
            ours = int(cum)
        elif not ours:
            base_total += int(cum)
    loaded = [m for m in out.stdout.strip().split(",") if m]
    return base_total, ours, loaded


def measure(runs: int = 5) -> tuple[float, float, float, list[str]]:
    """Median ratio over *runs* fresh interpreters: (ratio, baseline ms, ours ms, loaded)."""
    ratios, bases, ourss, loaded = [], [], [], set()
    measure_once()  # warm-up: fills the bytecode cache
    for _ in range(runs):
        base, ours, got = measure_once()
        ratios.append((base + ours) / base)
        bases.append(base / 1000)
        ourss.append(ours / 1000)
        loaded.update(got)
    return statistics.median(ratios), statistics.median(bases), statistics.median(ourss), sorted(loaded)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ratio, base, ours, loaded = measure(args.runs)
    print(f"import textual.app + widgets (baseline)   {base:7.1f} ms")
    print(f"import mentor_tui.app on top               {ours:7.1f} ms")
    print(f"ratio (baseline + ours) / baseline         {ratio:7.2f}")
    print(f"deferred modules loaded at start-up: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
