"""The last minute of live readings, as series a sparkline can draw: CPU %, memory used % and
network throughput (bytes per second, both directions together).

A stutter in a call is often a spike (a backup starting, a browser tab spinning) that a single
number sampled every 1.5 s hides; a minute of history shows it. No Textual here: the Equipment
screen feeds readings in and draws the series.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .system import SystemReading, throughput

#: How far back the series reach, in seconds.
WINDOW = 60.0


@dataclass(frozen=True)
class Point:
    at: float
    cpu: float
    memory: float
    network: float | None  # None for the first reading: throughput needs two


class Trends:
    """Readings of the last :data:`WINDOW` seconds, oldest first."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self.points: deque[Point] = deque()
        self._last: SystemReading | None = None
        self.down: float | None = None  # bytes per second, from the last two readings
        self.up: float | None = None

    def add(self, reading: SystemReading) -> None:
        rates = throughput(self._last, reading) if self._last is not None else None
        self.down, self.up = rates if rates else (None, None)
        self._last = reading
        self.points.append(Point(reading.taken_at, reading.cpu_total, reading.mem_used_percent,
                                 sum(rates) if rates else None))
        while self.points and self.points[0].at < reading.taken_at - self.window:
            self.points.popleft()

    @property
    def cpu(self) -> list[float]:
        return [p.cpu for p in self.points]

    @property
    def memory(self) -> list[float]:
        return [p.memory for p in self.points]

    @property
    def network(self) -> list[float]:
        return [p.network for p in self.points if p.network is not None]
