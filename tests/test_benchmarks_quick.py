"""The five-year benchmarks run in CI in their short mode: a tenth of the data, two runs. This
checks they still run end to end (the code paths, the pty launch, the summary at scale) and print
their figures; it does not time anything (timed tests are flaky on shared CI machines)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import cli_env

ROOT = Path(__file__).resolve().parent.parent


def test_startup_benchmark_quick_mode_runs():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_startup.py"), "--quick"],
                         capture_output=True, text=True, env=cli_env(), timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    for figure in ("first full screen", "mode switch", "RSS:", "practice --json", "questions --json"):
        assert figure in out.stdout, out.stdout
