"""Measured bandwidth, latency and jitter drawn against the call-quality limits of
:mod:`.verdict`, as plain text a screen can colour:

    Download  12.3 Mbps  ok
    ██████|████████████|████████▶
          1.2          4

``█`` is the measurement, ``·`` the rest of the scale, ``|`` the two limits that matter (where
"fail" starts and where "ok" starts), and ``▶`` a value beyond the scale. The scale runs from 0
to one and a half times the larger limit, so both limits sit well inside it whatever the metric.
No Textual here; the limits come from the one table in :mod:`.verdict`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import EquipmentCheck
from .verdict import THRESHOLDS, judge

#: The metrics drawn, in order: (field of EquipmentCheck, label, unit).
METRICS = (
    ("download_mbps", "Download", "Mbps"),
    ("upload_mbps", "Upload", "Mbps"),
    ("latency_ms", "Latency", "ms"),
    ("jitter_ms", "Jitter", "ms"),
)

FILLED, EMPTY, LIMIT, BEYOND = "█", "·", "|", "▶"


@dataclass(frozen=True)
class Gauge:
    metric: str
    label: str
    unit: str
    value: float
    status: str  # "ok" | "warn" | "fail", as the verdict judged it
    fail_at: float  # where "fail" starts
    ok_at: float  # where "ok" starts (the last warning row's limit)

    @property
    def top(self) -> float:
        return 1.5 * max(self.fail_at, self.ok_at)

    def cell(self, value: float, width: int) -> int:
        """The cell (0 … width-1) a value falls in."""
        return min(width - 1, max(0, int(value / self.top * width)))

    def bar(self, width: int) -> str:
        """The value filled from the left, with the two limits marked."""
        filled = min(width, round(self.value / self.top * width))
        cells = [FILLED if i < filled else EMPTY for i in range(width)]
        for limit in (self.fail_at, self.ok_at):
            cells[self.cell(limit, width)] = LIMIT
        if self.value > self.top:
            cells[-1] = BEYOND
        return "".join(cells)

    def scale(self, width: int) -> str:
        """The limits' numbers under their marks (a later one moves right if they would touch)."""
        line = ""
        for limit in sorted((self.fail_at, self.ok_at)):
            at = max(self.cell(limit, width), len(line) + 1 if line else 0)
            line = line.ljust(at) + number(limit)
        return line

    @property
    def reading(self) -> str:
        return f"{number(self.value)} {self.unit}"


def number(value: float) -> str:
    """1.2, 4, 42, 0.35: as few digits as read well."""
    if value >= 10 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def limits(metric: str) -> tuple[float, float]:
    """(where fail starts, where ok starts) for *metric*, from the verdict's table."""
    rows = [r for r in THRESHOLDS if r.metric == metric]
    fail = next(r for r in rows if r.status == "fail")
    warns = [r for r in rows if r.status == "warn"]
    if fail.below is not None:  # higher is better: ok from the highest warning limit up
        return fail.below, max(r.below for r in warns)
    return fail.above, min(r.above for r in warns)  # lower is better


def gauges(check: EquipmentCheck) -> list[Gauge]:
    """A gauge for each connection figure the check measured (none for a machine-only check)."""
    out = []
    for metric, label, unit in METRICS:
        value = getattr(check, metric)
        if value is None:
            continue
        fail_at, ok_at = limits(metric)
        out.append(Gauge(metric, label, unit, value, judge(metric, value)[0], fail_at, ok_at))
    return out
