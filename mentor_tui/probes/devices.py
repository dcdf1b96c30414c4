"""Camera and microphone presence, best effort: a learner should not find out on the call.

Linux: ``/dev/video*`` for cameras; ALSA's ``/proc/asound/pcm`` (capture streams), else
``arecord -l`` or ``pactl list short sources`` for microphones. Elsewhere, and whenever nothing can
be read, the answer is "unknown" rather than a guess.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TOOL_TIMEOUT = 1.0


@dataclass
class DeviceReading:
    """``count`` is None when we cannot tell."""

    kind: str  # "camera" | "microphone"
    count: int | None
    detail: str


def _run(args: list[str]) -> str | None:
    exe = shutil.which(args[0])
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *args[1:]], capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def camera(dev: str = "/dev") -> DeviceReading:
    if not sys.platform.startswith("linux"):
        return DeviceReading("camera", None, "cannot tell on this system")
    found = sorted(glob.glob(f"{dev}/video*"))
    if found:
        return DeviceReading("camera", len(found), ", ".join(Path(f).name for f in found[:4]))
    return DeviceReading("camera", 0, "no /dev/video* device")


def microphone(asound: str = "/proc/asound") -> DeviceReading:
    if not sys.platform.startswith("linux"):
        return DeviceReading("microphone", None, "cannot tell on this system")
    pcm = Path(asound) / "pcm"
    try:
        lines = pcm.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = None
    if lines is not None:
        capture = [ln for ln in lines if "capture" in ln]
        if capture:
            names = [ln.split(":")[1].strip() for ln in capture if ln.count(":") >= 2]
            return DeviceReading("microphone", len(capture), ", ".join(names[:2]) or "ALSA capture")
    out = _run(["pactl", "list", "short", "sources"])
    if out is not None:
        sources = [ln for ln in out.splitlines() if ln.strip() and ".monitor" not in ln]
        return DeviceReading("microphone", len(sources), "PulseAudio/PipeWire sources")
    out = _run(["arecord", "-l"])
    if out is not None:
        cards = [ln for ln in out.splitlines() if ln.startswith("card ")]
        return DeviceReading("microphone", len(cards), "ALSA capture devices")
    if lines is not None:
        return DeviceReading("microphone", 0, "ALSA lists no capture device")
    return DeviceReading("microphone", None, "no sound system found to ask")
