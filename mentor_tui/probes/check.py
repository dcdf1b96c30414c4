"""One equipment check, shared by the app's Equipment panel and ``mentor-tui check``.

Machine, devices and software are read at once in threads (the CLI has 1.5 s for all of it); the
bandwidth probe runs only when asked, since it sends traffic to outside servers.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..models import CheckItem, EquipmentCheck
from . import devices, software
from .system import Sampler, SystemReading, human_bytes
from .verdict import judge, ordered, overall

EXIT_READY, EXIT_WARN, EXIT_NOT_READY, EXIT_FAILED = 0, 1, 2, 3
PROBE_FAILED = {"refused", "timeout", "error"}  # the measurement failed, not (necessarily) the line


@dataclass
class CheckOutcome:
    check: EquipmentCheck
    reading: SystemReading
    probe: object | None  # network.ProbeResult when the bandwidth probe ran

    @property
    def exit_status(self) -> int:
        if self.probe is not None and self.probe.status in PROBE_FAILED:
            return EXIT_FAILED
        return {"ready": EXIT_READY, "warn": EXIT_WARN, "fail": EXIT_NOT_READY}[self.check.verdict]


def _item(name: str, metric: str | None, number: float | None, value: str, detail: str = "") -> CheckItem:
    if metric is None:
        return CheckItem(name=name, status="ok", value=value, detail=detail)
    status, why, fix = judge(metric, number)
    return CheckItem(name=name, status=status, value=value, detail=detail or why, fix=fix)


def machine_items(r: SystemReading) -> list[CheckItem]:
    items = [
        _item("CPU", "cpu_percent", r.cpu_total, f"{r.cpu_total:.0f}% of {len(r.cpu_per_core)} cores"),
        _item("Memory", "mem_available_mb", r.mem_available / 2**20,
              f"{human_bytes(r.mem_available)} free of {human_bytes(r.mem_total)}"),
    ]
    for d in r.disks:
        items.append(_item(f"Disk ({d.label})", "disk_free_gb", d.free / 2**30,
                           f"{human_bytes(d.free)} free", ""))
    if r.battery_percent is None:
        items.append(CheckItem(name="Battery", status="ok", value="no battery", detail="mains powered"))
    elif r.battery_plugged:
        items.append(CheckItem(name="Battery", status="ok", value=f"{r.battery_percent:.0f}%, plugged in"))
    else:
        left = f", {r.battery_secs_left // 60} min left" if r.battery_secs_left else ""
        items.append(_item("Battery", "battery_unplugged_pct", r.battery_percent,
                           f"{r.battery_percent:.0f}% on battery{left}"))
    if r.interfaces:
        names = ", ".join(n for n, _ in r.interfaces[:3])
        items.append(CheckItem(name="Network", status="ok", value=f"{len(r.interfaces)} up", detail=names))
    else:
        items.append(CheckItem(name="Network", status="fail", value="none up",
                               detail="no network interface is up", fix="Connect to Wi-Fi or plug in a cable."))
    return items


def device_items(cam: devices.DeviceReading, mic: devices.DeviceReading) -> list[CheckItem]:
    out = []
    for d, missing_status, fix in (
        (cam, "warn", "Plug in a webcam or check it is enabled; the call works without video."),
        (mic, "fail", "Plug in a headset or microphone and check it is not muted."),
    ):
        name = d.kind.capitalize()
        if d.count is None:
            out.append(CheckItem(name=name, status="skipped", value="unknown", detail=d.detail))
        elif d.count == 0:
            out.append(CheckItem(name=name, status=missing_status, value="none found", detail=d.detail, fix=fix))
        else:
            out.append(CheckItem(name=name, status="ok", value=f"{d.count} found", detail=d.detail))
    return out


def software_items(found: list[software.SoftwareReading]) -> list[CheckItem]:
    out = []
    for s in found:
        options = [c.strip() for c in s.spec.split("|") if c.strip()] or [s.spec]
        if s.command is None:
            either = " or ".join(options)
            out.append(CheckItem(name=f"Software: {options[0]}", status="warn", value="not found",
                                 detail=f"none of {either} on PATH" if len(options) > 1 else "not on PATH",
                                 fix=f"Install {options[0]} (or add it to PATH)."))
        else:
            out.append(CheckItem(name=f"Software: {s.command}", status="ok", value=s.version or "found",
                                 detail=s.path or ""))
    return out


def network_items(probe) -> list[CheckItem]:
    if probe is None:
        return [CheckItem(name="Connection", status="skipped", value="not measured",
                          detail="bandwidth probe not run")]
    if probe.status == "cancelled":
        return [CheckItem(name="Connection", status="skipped", value="cancelled", detail="probe cancelled")]
    if not probe.ok:
        fix = ("Check Wi-Fi or the cable, then run the check again." if probe.status == "unreachable"
               else "Run the check again later, or set another probe server.")
        items = [CheckItem(name="Connection", status="fail", value=probe.status, detail=probe.message, fix=fix)]
    else:
        items = [CheckItem(name="Connection", status="ok", value="measured", detail=probe.server)]

    def fmt(v, unit):
        return "—" if v is None else f"{v:.1f} {unit}"

    rtt = ""
    if probe.latency_min_ms is not None:
        rtt = f"min {probe.latency_min_ms:.0f} / max {probe.latency_max_ms:.0f} ms; "
    items += [
        _item("Download", "download_mbps", probe.download_mbps, fmt(probe.download_mbps, "Mbps")),
        _item("Upload", "upload_mbps", probe.upload_mbps, fmt(probe.upload_mbps, "Mbps")),
        _item("Latency", "latency_ms", probe.latency_ms, fmt(probe.latency_ms, "ms")),
        _item("Jitter", "jitter_ms", probe.jitter_ms, fmt(probe.jitter_ms, "ms")),
        _item("Packet loss", "loss_pct", probe.loss_pct if probe.ok else None, fmt(probe.loss_pct, "%")),
    ]
    if rtt and items[-3].status != "skipped":
        items[-3] = items[-3].model_copy(update={"detail": rtt + items[-3].detail})
    return items


def run_check(
    *,
    required_software: list[str],
    data_dir: Path | None = None,
    bandwidth: bool = True,
    mini: str | None = None,
    timeout: float = 30.0,
    progress=None,
    cancel: threading.Event | None = None,
    sampler: Sampler | None = None,
    isolate: bool = False,
) -> CheckOutcome:
    """Read everything, judge it, and return the EquipmentCheck (not stored: the caller stores it)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        sw = pool.submit(software.find_all, required_software)
        cam = pool.submit(devices.camera)
        mic = pool.submit(devices.microphone)
        probe = None
        if bandwidth:
            from . import network  # deferred: speedtest-cli is only needed for a probe

            # isolate: the app runs the probe in a child process so typing never waits for it
            run = network.run_probe_isolated if isolate else network.run_probe
            probe = run(mini=mini, timeout=timeout, progress=progress, cancel=cancel)
        if sampler is None:
            sampler = Sampler(data_dir)
            if not (cancel is not None and cancel.is_set()):  # a cancelled check answers at once
                sampler.wait_primed(0.3)
        reading = sampler.read(processes=False)
        items = machine_items(reading) + device_items(cam.result(), mic.result()) + software_items(sw.result())
    items = network_items(probe) + items
    items = ordered(items)
    check = EquipmentCheck(
        verdict=overall(items),
        items=items,
        download_mbps=getattr(probe, "download_mbps", None),
        upload_mbps=getattr(probe, "upload_mbps", None),
        latency_ms=getattr(probe, "latency_ms", None),
        jitter_ms=getattr(probe, "jitter_ms", None),
        loss_pct=getattr(probe, "loss_pct", None),
    )
    return CheckOutcome(check, reading, probe)
