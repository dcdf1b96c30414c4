"""Required software on PATH, with versions (``a|b`` in the settings means any one will do)."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

VERSION_TIMEOUT = 0.9  # seconds per tool; all tools are asked at once
VERSION_NUMBER = re.compile(r"\d+(?:\.\d+)+[\w.+-]*")  # "git version 2.39.5" -> "2.39.5"


@dataclass
class SoftwareReading:
    spec: str
    command: str | None  # the alternative found, None when none is on PATH
    path: str | None
    version: str  # first line of ``--version``, "" when it would not say


def _version(path: str) -> str:
    try:
        done = subprocess.run(
            [path, "--version"],
            capture_output=True,
            text=True,
            timeout=VERSION_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    for line in (done.stdout or done.stderr or "").splitlines():
        if line.strip():
            number = VERSION_NUMBER.search(line)
            return number.group(0) if number else line.strip()[:40]
    return ""


def find_one(spec: str) -> SoftwareReading:
    for command in [c.strip() for c in spec.split("|") if c.strip()]:
        path = shutil.which(command)
        if path:
            return SoftwareReading(spec, command, path, _version(path))
    return SoftwareReading(spec, None, None, "")


def find_all(specs: list[str]) -> list[SoftwareReading]:
    if not specs:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(specs))) as pool:
        return list(pool.map(find_one, specs))
