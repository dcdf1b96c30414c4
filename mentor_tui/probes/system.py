"""Machine readings from psutil: CPU, memory, disks, battery, network interfaces, busy processes.

A :class:`Sampler` is kept between readings because psutil's CPU percentages are deltas since the
previous call: the first call after creating it returns 0.0, so the sampler primes itself once.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil


@dataclass
class DiskReading:
    label: str
    path: str
    free: int
    total: int


@dataclass
class ProcReading:
    name: str
    pid: int
    cpu_percent: float
    rss: int


@dataclass
class SystemReading:
    """One snapshot of the machine; sizes in bytes, percentages 0-100."""

    cpu_total: float
    cpu_per_core: list[float]
    mem_available: int
    mem_total: int
    swap_used: int
    swap_total: int
    disks: list[DiskReading]
    battery_percent: float | None = None
    battery_plugged: bool | None = None
    battery_secs_left: int | None = None
    interfaces: list[tuple[str, list[str]]] = field(default_factory=list)
    top_cpu: list[ProcReading] = field(default_factory=list)
    top_mem: list[ProcReading] = field(default_factory=list)
    #: Bytes received and sent on every interface since boot (None when psutil cannot tell), and
    #: when they were read (``time.monotonic()``): two readings give the throughput.
    net_bytes_recv: int | None = None
    net_bytes_sent: int | None = None
    taken_at: float = 0.0

    @property
    def mem_used_percent(self) -> float:
        return 100.0 * (self.mem_total - self.mem_available) / self.mem_total if self.mem_total else 0.0


def _existing(path: Path) -> Path:
    """The nearest existing ancestor (the data folder may not exist yet)."""
    for p in [path, *path.parents]:
        if p.exists():
            return p
    return Path("/")


class Sampler:
    """Reads the machine; reuse one instance so CPU figures are averages since the last reading."""

    def __init__(self, data_dir: Path | None = None, top: int = 3) -> None:
        self.data_dir = data_dir
        self.top = top
        psutil.cpu_percent(interval=None)
        psutil.cpu_percent(interval=None, percpu=True)
        self._primed_at = time.monotonic()

    def wait_primed(self, seconds: float = 0.25) -> None:
        """Give the first CPU figure something to average over (used by the one-shot CLI)."""
        left = self._primed_at + seconds - time.monotonic()
        if left > 0:
            time.sleep(left)

    def disks(self) -> list[DiskReading]:
        out: list[DiskReading] = []
        seen: dict[int, DiskReading] = {}
        places = []
        if self.data_dir is not None:
            places.append(("data folder", _existing(Path(self.data_dir))))
        places.append(("home", _existing(Path.home())))
        for label, path in places:
            try:
                dev = os.stat(path).st_dev
                if dev in seen:  # same drive: one reading, both names
                    seen[dev].label += f" and {label}"
                    continue
                usage = psutil.disk_usage(str(path))
            except OSError:
                continue
            seen[dev] = DiskReading(label, str(path), usage.free, usage.total)
            out.append(seen[dev])
        return out

    def processes(self) -> tuple[list[ProcReading], list[ProcReading]]:
        """The processes using the most CPU and memory right now (a stuttering call's usual cause)."""
        rows: list[ProcReading] = []
        # process_iter keeps its Process objects between calls, so cpu_percent is a real delta.
        for proc in psutil.process_iter(["name", "memory_info"]):
            try:
                cpu = proc.cpu_percent(interval=None)
                mem = proc.info.get("memory_info")
                name = proc.info.get("name") or "?"
            except (psutil.Error, OSError):
                continue
            rows.append(ProcReading(name, proc.pid, cpu, mem.rss if mem else 0))
        top_cpu = sorted(rows, key=lambda r: r.cpu_percent, reverse=True)[: self.top]
        top_mem = sorted(rows, key=lambda r: r.rss, reverse=True)[: self.top]
        return top_cpu, top_mem

    def read(self, processes: bool = True) -> SystemReading:
        mem = psutil.virtual_memory()
        swap = psutil.swap_memory()
        reading = SystemReading(
            cpu_total=psutil.cpu_percent(interval=None),
            cpu_per_core=psutil.cpu_percent(interval=None, percpu=True),
            mem_available=mem.available,
            mem_total=mem.total,
            swap_used=swap.used,
            swap_total=swap.total,
            disks=self.disks(),
            taken_at=time.monotonic(),
        )
        reading.net_bytes_recv, reading.net_bytes_sent = network_bytes()
        try:
            battery = psutil.sensors_battery()
        except (OSError, NotImplementedError, AttributeError):
            battery = None
        if battery is not None:
            reading.battery_percent = float(battery.percent)
            reading.battery_plugged = battery.power_plugged
            secs = battery.secsleft
            reading.battery_secs_left = secs if isinstance(secs, int) and secs >= 0 else None
        reading.interfaces = interfaces()
        if processes:
            reading.top_cpu, reading.top_mem = self.processes()
        return reading


def interfaces() -> list[tuple[str, list[str]]]:
    """Network interfaces that are up (loopback left out) with their IPv4/IPv6 addresses."""
    try:
        stats = psutil.net_if_stats()
        addrs = psutil.net_if_addrs()
    except OSError:
        return []
    out = []
    for name, st in sorted(stats.items()):
        if not st.isup or name == "lo" or name.startswith("lo"):
            continue
        ips = [
            a.address.split("%")[0]
            for a in addrs.get(name, [])
            if a.family in (socket.AF_INET, socket.AF_INET6)
        ]
        out.append((name, ips))
    return out


def network_bytes() -> tuple[int | None, int | None]:
    """Bytes received and sent since boot on every interface but loopback (traffic between
    programs on this machine says nothing about the call); (None, None) when psutil cannot tell."""
    try:
        counters = psutil.net_io_counters(pernic=True)
    except (OSError, RuntimeError):
        return None, None
    outside = [c for name, c in counters.items() if not name.startswith("lo")]
    return sum(c.bytes_recv for c in outside), sum(c.bytes_sent for c in outside)


def throughput(before: SystemReading, after: SystemReading) -> tuple[float, float] | None:
    """Bytes per second (down, up) between two readings; None when either lacks counters, no time
    passed, or a counter went backwards (an interface was reset or removed)."""
    if None in (before.net_bytes_recv, before.net_bytes_sent, after.net_bytes_recv, after.net_bytes_sent):
        return None
    seconds = after.taken_at - before.taken_at
    down = after.net_bytes_recv - before.net_bytes_recv
    up = after.net_bytes_sent - before.net_bytes_sent
    if seconds <= 0 or down < 0 or up < 0:
        return None
    return down / seconds, up / seconds


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"
