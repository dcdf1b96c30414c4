"""``mentor-tui check``: the equipment check without the UI (no Textual imported here).

Exit 0 ready, 1 ready with warnings, 2 not ready, 3 the check itself failed (the probe server
refused or stalled, or the result could not be stored); 64 a usage error, as for every command. The check is stored like one run in the app.
"""

from __future__ import annotations

import json
import os
import sys

COLOURS = {"ok": "32", "warn": "33", "fail": "31", "skipped": "2", "ready": "32"}


def _paint(text: str, status: str, on: bool) -> str:
    return f"\033[{COLOURS[status]}m{text}\033[0m" if on else text


def cmd_check(args) -> int:
    from .equipment_history import record_check
    from .errors import EXIT_USAGE, CliError
    from .paths import config_file, data_dir
    from .probes.check import EXIT_FAILED, run_check
    from .probes.verdict import VERDICT_TEXT
    from .settings import SettingsError, load_settings
    from .store import Store, StoreError

    try:
        settings = load_settings(config_file())
    except SettingsError as exc:  # status 1 would read as "ready with warnings"
        raise CliError(str(exc), EXIT_FAILED) from None
    timeout = args.timeout if args.timeout is not None else settings.probe_timeout
    if not 0 < timeout <= 300:  # also refuses nan
        raise CliError(f"--timeout must be more than 0 and at most 300 seconds (got {timeout:g})",
                       EXIT_USAGE)
    mini = args.mini if args.mini is not None else (settings.probe_server or None)
    folder = data_dir(args.data_dir)
    progress = None
    if not args.json and not args.no_bandwidth and sys.stderr.isatty():
        def progress(phase: str, fraction: float) -> None:
            sys.stderr.write(f"\r  testing {phase:<8} {fraction * 100:3.0f}%")
            sys.stderr.flush()
    try:
        outcome = run_check(
            required_software=settings.required_software,
            data_dir=folder,
            bandwidth=not args.no_bandwidth,
            mini=mini,
            timeout=timeout,
            progress=progress,
        )
    except Exception as exc:  # a probe bug must still end in one line and status 3
        raise CliError(f"the check failed: {type(exc).__name__}: {exc}", EXIT_FAILED) from None
    finally:
        if progress is not None:
            sys.stderr.write("\r" + " " * 30 + "\r")
    check = outcome.check
    status = outcome.exit_status
    stored = True
    try:
        record_check(Store(folder).open(), check)
    except (StoreError, OSError) as exc:
        print(f"mentor-tui: check not stored: {exc}", file=sys.stderr)
        stored = False
        status = EXIT_FAILED  # the check ran but could not be kept: the check itself failed
    if args.json:
        out = {
            "verdict": check.verdict,
            "items": [
                {"name": i.name, "status": i.status, "value": i.value, "detail": i.detail, "fix": i.fix}
                for i in check.items
            ],
            "download_mbps": check.download_mbps,
            "upload_mbps": check.upload_mbps,
            "latency_ms": check.latency_ms,
            "jitter_ms": check.jitter_ms,
            "loss_pct": check.loss_pct,
            "id": check.id if stored else None,
        }
        if outcome.probe is not None and not outcome.probe.ok:
            out["error"] = outcome.probe.message
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return status
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = max(len(i.name) for i in check.items)
    for i in check.items:
        mark = _paint(f"{i.status:<7}", i.status, colour)
        value = i.value if len(i.value) <= 32 else i.value[:31] + "…"
        line = f"{mark} {i.name:<{width}}  {value:<32}"
        if i.fix:
            line += f"  → {i.fix}"
        print(line.rstrip())
    print(_paint(VERDICT_TEXT[check.verdict], check.verdict, colour))
    if outcome.probe is not None and not outcome.probe.ok:
        print(f"bandwidth probe: {outcome.probe.message}", file=sys.stderr)
    return status
