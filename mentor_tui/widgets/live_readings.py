"""The Equipment screen's left column: this machine's live readings and their last minute.

The pane owns its sampling: a thread worker reads the machine every *interval* seconds while the
screen is shown (the screen calls :meth:`LiveReadingsPane.resume` / :meth:`pause`, because only a
screen hears that it was shown or hidden). Each reading is posted as
:class:`LiveReadingsPane.Readings`; the screen hands it back to :meth:`show`, so a reading posted
from elsewhere (a test feeding made-up readings) is drawn the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Sparkline, Static

from ..literal import markup, styled
from ..probes.system import SystemReading
from ..probes.trends import Trends
from .equipment_view import readings_markup, trend_rows


class LiveReadingsPane(VerticalScroll):
    """Live readings with a sparkline of the last minute beside CPU, memory and network."""

    class Readings(Message):
        """One reading of the machine, taken in the pane's worker."""

        def __init__(self, reading: SystemReading) -> None:
            super().__init__()
            self.reading = reading

    def __init__(self, interval: float, sampler_factory: Callable | None, root: Path, **kwargs) -> None:
        super().__init__(**kwargs)
        self.interval = interval
        self._sampler_factory = sampler_factory
        self._root = root
        self._sampler = None
        self._timer = None
        self._last_sample_at = float("-inf")
        self.samples_taken = 0
        self.trends = Trends()

    def compose(self) -> ComposeResult:
        yield Static(markup("[b]Live readings[/b] [dim](every 1.5 s; graphs: last minute, low to high)[/dim]"),
                     id="eq-live-title")
        for key, label in (("cpu", "CPU"), ("memory", "Memory"), ("network", "Network")):
            with Horizontal(classes="eq-trend-row"):
                yield Static(styled((label, "bold")), id=f"eq-{key}-now", classes="eq-now")
                yield Sparkline([], id=f"eq-{key}-spark", classes="eq-spark")
        yield Static("Reading this machine…", id="eq-readings")

    def resume(self) -> None:
        """The screen is shown: read now (unless a reading has just started) and every interval."""
        if self._timer is None:
            self._timer = self.set_interval(self.interval, self._sample)
        else:
            self._timer.resume()
        # Textual posts ScreenResume twice when a mode's screen is first made; on 3.12+ the first
        # reading's thread has already started by the second one, so one resume gives one reading.
        if time.monotonic() - self._last_sample_at >= self.interval / 2:
            self._sample()

    def pause(self) -> None:
        """The screen is hidden: no readings (nobody would see them, and they cost CPU)."""
        if self._timer is not None:
            self._timer.pause()

    def _sample(self) -> None:
        self._last_sample_at = time.monotonic()
        self._read_worker()

    @work(thread=True, group="equipment-readings", exclusive=True, exit_on_error=False)
    def _read_worker(self) -> None:
        if self._sampler is None:
            factory = self._sampler_factory
            if factory is None:
                from ..probes.system import Sampler as factory
            self._sampler = factory(self._root)
        self.post_message(self.Readings(self._sampler.read()))

    def show(self, reading: SystemReading) -> None:
        """Add a reading to the last minute and draw the figures, sparklines and details."""
        self.samples_taken += 1
        self.trends.add(reading)
        for key, row in trend_rows(reading, self.trends).items():
            self.query_one(f"#eq-{key}-now", Static).update(row)
        self.query_one("#eq-cpu-spark", Sparkline).data = self.trends.cpu
        self.query_one("#eq-memory-spark", Sparkline).data = self.trends.memory
        self.query_one("#eq-network-spark", Sparkline).data = self.trends.network
        self.query_one("#eq-readings", Static).update(readings_markup(reading, self.trends))
