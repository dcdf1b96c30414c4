"""Equipment mode: is this machine and connection ready for a video call, and what to fix if not.

Live readings are sampled in a thread worker every 1.5 s while the screen is shown (the timer pauses
when it is hidden). ``c`` checks the machine, devices and software; ``b`` also runs the latency and
bandwidth probe (it sends test traffic to an outside server, so it only runs when asked), with a
progress bar and ``x`` to cancel. Every finished check is stored; the last few are listed with a
sparkline of download speed.

Pictures where they are read faster than numbers: CPU, memory and network throughput each have a
sparkline of the last minute beside the figure (a spike a single reading hides), and the last
check's bandwidth, latency and jitter are drawn as bars against the limits a call needs
(:mod:`mentor_tui.probes.gauge`).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Sparkline, Static

from ..literal import literal, markup, styled
from ..models import EquipmentCheck, ago
from ..probes.gauge import Gauge, gauges
from ..probes.system import SystemReading, human_bytes
from ..probes.trends import Trends
from ..widgets.footer import KeysFooter
from ..widgets.settle import SettledStatic

READ_INTERVAL = 1.5
HISTORY_ROWS = 5
TREND_POINTS = 20
GAUGE_WIDTH = 24  # cells: fits the right pane at 80 columns
STATUS_STYLE = {"ok": "green", "warn": "yellow", "fail": "red", "skipped": "dim"}
VERDICT_STYLE = {"ready": "bold green", "warn": "bold yellow", "fail": "bold red"}
PHASE_TEXT = {
    "connect": "Contacting the test server",
    "latency": "Measuring round trip, jitter and loss",
    "download": "Measuring download",
    "upload": "Measuring upload",
}


def server_label(url: str) -> str:
    return url if url else "speedtest.net"


def empty_text(server: str) -> Content:
    return styled(
        markup("No checks yet.\n\n"
               "Press [b]c[/b] to check this machine (CPU, memory, disk, battery, camera, microphone, "
               "software), or [b]b[/b] to also measure latency and bandwidth (sends test traffic to "),
        server, ").",
    )


def human_rate(bytes_per_second: float) -> str:
    return f"{human_bytes(bytes_per_second)}/s"


def trend_rows(r: SystemReading, trends: Trends) -> dict[str, Content]:
    """The figure shown beside each sparkline."""
    network = "…" if trends.down is None else human_rate(trends.down + trends.up)
    return {
        "cpu": styled(("CPU      ", "bold"), f"{r.cpu_total:.0f}%"),
        "memory": styled(("Memory   ", "bold"), f"{r.mem_used_percent:.0f}% used"),
        "network": styled(("Network  ", "bold"), network),
    }


def readings_markup(r: SystemReading, trends: Trends | None = None) -> Content:
    """The live readings' details, one topic per line (names of disks, interfaces and processes
    as is); the headline figures stand beside their sparklines (:func:`trend_rows`)."""
    cores = " ".join(f"{c:.0f}" for c in r.cpu_per_core)
    swap = (f"  swap {human_bytes(r.swap_used)} used of {human_bytes(r.swap_total)}", "dim") if r.swap_total else ""
    lines = [
        styled(("CPU", "bold"), "      ", (f"per core: {cores}", "dim")),
        styled(("Memory", "bold"), f"   {human_bytes(r.mem_available)} free of {human_bytes(r.mem_total)}", swap),
    ]
    if trends is not None and trends.down is not None:
        lines.append(styled(("Traffic", "bold"), f"  ↓ {human_rate(trends.down)}  ↑ {human_rate(trends.up)}"))
    for d in r.disks:
        lines.append(styled(("Disk", "bold"), f"     {human_bytes(d.free)} free on {d.label} ", (f"({d.path})", "dim")))
    if r.battery_percent is None:
        lines.append(markup("[b]Battery[/b]  no battery (mains powered)"))
    else:
        state = "plugged in" if r.battery_plugged else "on battery"
        left = f", {r.battery_secs_left // 60} min left" if r.battery_secs_left and not r.battery_plugged else ""
        lines.append(styled(("Battery", "bold"), f"  {r.battery_percent:.0f}% {state}{left}"))
    if r.interfaces:
        for name, addrs in r.interfaces[:4]:
            lines.append(styled(("Network", "bold"), f"  {name} up  ", (", ".join(addrs[:2]), "dim")))
    else:
        lines.append(markup("[b]Network[/b]  [red]no interface is up[/red]"))
    if r.top_cpu:
        lines.append(styled(("Busiest", "bold"), "  CPU: " + ", ".join(f"{p.name} {p.cpu_percent:.0f}%" for p in r.top_cpu)))
    if r.top_mem:
        lines.append(literal("         memory: " + ", ".join(f"{p.name} {human_bytes(p.rss)}" for p in r.top_mem)))
    return literal("\n").join(lines)


def verdict_markup(check: EquipmentCheck, when: str) -> Content:
    """The verdict and each item of a check (names, values and fixes come from disk: as is)."""
    from ..probes.verdict import VERDICT_TEXT

    lines = [styled((VERDICT_TEXT[check.verdict], VERDICT_STYLE[check.verdict]), "  ", (when, "dim"))]
    for item in check.items:  # stored with the items needing action first
        style = STATUS_STYLE[item.status]
        value = item.value if len(item.value) <= 30 else item.value[:29] + "…"
        lines.append(styled((f"{item.status:<7}", style), f" {item.name:<22} {value}"))
        if item.fix and item.status in ("fail", "warn"):
            lines.append(styled("        ", (f"→ {item.fix}", style)))
    return literal("\n").join(lines)


def gauge_lines(gauge: Gauge, width: int = GAUGE_WIDTH) -> Content:
    """One measured figure: its value and status, the bar against its limits, the limits' numbers."""
    style = STATUS_STYLE[gauge.status]
    return literal("\n").join([
        styled((f"{gauge.label:<9}", "bold"), f"{gauge.reading:<11}", (gauge.status, style)),
        styled((gauge.bar(width), style)),
        styled((f"{gauge.scale(width)} {gauge.unit}", "dim")),
    ])


def gauges_markup(check: EquipmentCheck) -> Content | None:
    """The check's connection figures against the call limits; None for a machine-only check."""
    drawn = gauges(check)
    if not drawn:
        return None
    title = markup("[b]Against what a call needs[/b]\n[dim]█ measured  | call limits[/dim]")
    return literal("\n").join([title, *(gauge_lines(g) for g in drawn)])


def figures(check: EquipmentCheck) -> str:
    if check.download_mbps is None:
        return "machine only"
    parts = [f"↓ {check.download_mbps:.1f}", f"↑ {check.upload_mbps or 0:.1f} Mbps"]
    if check.latency_ms is not None:
        parts.append(f"{check.latency_ms:.1f} ms" if check.latency_ms < 10 else f"{check.latency_ms:.0f} ms")
    return "  ".join(parts)


class EquipmentScreen(Screen):
    """Live readiness panel: readings, the probe, the verdict and the history of checks."""

    CSS_PATH = "equipment.tcss"
    BINDINGS = [
        Binding("c", "quick_check", "Check machine"),
        Binding("b", "probe", "Check connection"),
        Binding("x", "cancel_probe", "Cancel probe"),
    ]

    class Readings(Message):
        def __init__(self, reading: SystemReading) -> None:
            super().__init__()
            self.reading = reading

    class Progress(Message):
        def __init__(self, phase: str, fraction: float) -> None:
            super().__init__()
            self.phase = phase
            self.fraction = fraction

    class Finished(Message):
        def __init__(self, outcome=None, error: str = "", cancel: threading.Event | None = None) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error
            self.cancel = cancel

    def __init__(self) -> None:
        super().__init__()
        self._sampler = None
        self._timer = None
        self._cancel: threading.Event | None = None
        self.samples_taken = 0
        self._last_sample_at = float("-inf")
        self._phase = ""
        self.history: list[EquipmentCheck] = []
        self.last_check: EquipmentCheck | None = None
        self.trends = Trends()

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="eq-body"):
            with VerticalScroll(id="eq-left"):
                yield Static(markup("[b]Live readings[/b] [dim](every 1.5 s; graphs: last minute, low to high)[/dim]"),
                             id="eq-live-title")
                for key, label in (("cpu", "CPU"), ("memory", "Memory"), ("network", "Network")):
                    with Horizontal(classes="eq-trend-row"):
                        yield Static(styled((label, "bold")), id=f"eq-{key}-now", classes="eq-now")
                        yield Sparkline([], id=f"eq-{key}-spark", classes="eq-spark")
                yield Static("Reading this machine…", id="eq-readings")
            with VerticalScroll(id="eq-right"):
                yield Static("", id="eq-probe-note")
                yield ProgressBar(total=100, show_eta=False, id="eq-progress")
                yield Static("", id="eq-probe-status")
                yield SettledStatic("", id="eq-verdict")
                yield SettledStatic("", id="eq-gauges")
                yield Static("", id="eq-empty", classes="empty-state")
                yield Static("[b]Download trend[/b] [dim](Mbps, oldest → newest)[/dim]", id="eq-trend-label")
                yield Sparkline([], id="eq-trend")
                yield Static("", id="eq-history")
        yield KeysFooter()

    @property
    def server(self) -> str:
        return server_label(self.app.settings.probe_server)

    def on_mount(self) -> None:
        self.query_one("#eq-probe-note", Static).update(styled(
            ("b", "bold"), " measures latency and bandwidth: it sends test traffic to an outside server (",
            (self.server, "bold"), f") for up to {self.app.settings.probe_timeout:g} s."
        ))
        self.query_one("#eq-progress").display = False
        self.query_one("#eq-gauges").display = False
        self.query_one("#eq-empty", Static).update(empty_text(self.server))
        self.watch(self.app, "data_revision", self._reload, init=False)
        self._load_history()

    # -- live readings: only while shown ---------------------------------------------------------

    def on_screen_resume(self) -> None:
        if self._timer is None:
            self._timer = self.set_interval(READ_INTERVAL, self._sample)
        else:
            self._timer.resume()
        # Textual posts ScreenResume twice when a mode's screen is first made; on 3.12+ the first
        # reading's thread has already started by the second one, so one resume gives one reading.
        if time.monotonic() - self._last_sample_at >= READ_INTERVAL / 2:
            self._sample()

    def on_screen_suspend(self) -> None:
        if self._timer is not None:
            self._timer.pause()

    def _sample(self) -> None:
        self._last_sample_at = time.monotonic()
        self._read_worker()

    @work(thread=True, group="equipment-readings", exclusive=True, exit_on_error=False)
    def _read_worker(self) -> None:
        if self._sampler is None:
            factory = self.app.sampler_factory
            if factory is None:
                from ..probes.system import Sampler as factory
            self._sampler = factory(self.app.store.root)
        self.post_message(self.Readings(self._sampler.read()))

    def on_equipment_screen_readings(self, message: Readings) -> None:
        self.samples_taken += 1
        reading = message.reading
        self.trends.add(reading)
        for key, row in trend_rows(reading, self.trends).items():
            self.query_one(f"#eq-{key}-now", Static).update(row)
        self.query_one("#eq-cpu-spark", Sparkline).data = self.trends.cpu
        self.query_one("#eq-memory-spark", Sparkline).data = self.trends.memory
        self.query_one("#eq-network-spark", Sparkline).data = self.trends.network
        self.query_one("#eq-readings", Static).update(readings_markup(reading, self.trends))

    # -- checks and the probe --------------------------------------------------------------------

    @property
    def probing(self) -> bool:
        return self._cancel is not None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel_probe":
            return True if self.probing else None
        if action in ("probe", "quick_check"):
            return None if self.probing else True
        return True

    def action_quick_check(self) -> None:
        self._start(bandwidth=False)

    def action_probe(self) -> None:
        self._start(bandwidth=True)

    def _start(self, bandwidth: bool) -> None:
        if self.probing:
            self.notify("A check is already running; x cancels it.")
            return
        self._cancel = cancel = threading.Event()
        self._phase = ""
        bar = self.query_one("#eq-progress", ProgressBar)
        bar.update(progress=0)
        bar.display = bandwidth
        status = (
            f"Testing the connection with {self.server}… (x cancels)" if bandwidth else "Checking this machine…"
        )
        self.query_one("#eq-probe-status", Static).update(literal(status))
        self.refresh_bindings()
        self._check_worker(bandwidth, cancel)

    @work(thread=True, group="equipment-check", exit_on_error=False)
    def _check_worker(self, bandwidth: bool, cancel: threading.Event) -> None:
        from ..probes.check import run_check

        settings = self.app.settings

        def progress(phase: str, fraction: float) -> None:
            self.post_message(self.Progress(phase, fraction))

        try:
            outcome = run_check(
                required_software=list(settings.required_software),
                data_dir=self.app.store.root,
                bandwidth=bandwidth,
                mini=settings.probe_server or None,
                timeout=settings.probe_timeout,
                progress=progress,
                cancel=cancel,
                isolate=True,
            )
        except Exception as exc:  # shown as a status line, never a traceback
            self.post_message(self.Finished(error=f"{type(exc).__name__}: {exc}", cancel=cancel))
            return
        self.post_message(self.Finished(outcome, cancel=cancel))

    def on_equipment_screen_progress(self, message: Progress) -> None:
        if not self.probing:
            return
        bar = self.query_one("#eq-progress", ProgressBar)
        percent = round(message.fraction * 100)
        if percent != bar.progress:  # repaint only on a visible change: typing comes first
            bar.update(progress=percent)
        if message.phase != self._phase:
            self._phase = message.phase
            self.query_one("#eq-probe-status", Static).update(literal(
                f"{PHASE_TEXT.get(message.phase, message.phase)} with {self.server}… (x cancels)"
            ))

    def action_cancel_probe(self) -> None:
        """Stop at once: the probe thread is told to stop and its result will be ignored."""
        if self._cancel is None:
            return
        self._cancel.set()
        self._cancel = None
        self.query_one("#eq-progress").display = False
        self.query_one("#eq-probe-status", Static).update("Probe cancelled; nothing was stored.")
        self.refresh_bindings()

    def on_equipment_screen_finished(self, message: Finished) -> None:
        if message.cancel is not self._cancel or (message.cancel and message.cancel.is_set()):
            return  # cancelled by the learner: already reported
        self._cancel = None
        self.refresh_bindings()
        self.query_one("#eq-progress").display = False
        status = self.query_one("#eq-probe-status", Static)
        if message.error:
            status.update(styled(("The check failed:", "red"), f" {message.error}"))
            return
        outcome = message.outcome
        probe = outcome.probe
        if probe is None:
            status.update("Machine checked (connection not measured: press b).")
        elif probe.ok:
            status.update(literal(f"Connection measured with {probe.server or self.server}."))
        else:
            status.update(styled(("Connection not measured:", "red"), f" {probe.message}"))
        check = outcome.check
        self.last_check = check
        self._show_verdict(check)
        self.app.run_store(lambda: self.app.store.add(check), lambda _c: self._load_history())

    def flush(self, final: bool = False) -> None:
        """On quit, stop a running probe (its child process ends at once); a mode switch keeps it."""
        if final and self._cancel is not None:
            self._cancel.set()
            self._cancel = None

    def on_unmount(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    # -- verdict and history ---------------------------------------------------------------------

    def _when(self, check: EquipmentCheck) -> str:
        now: datetime = self.app.clock()
        return f"checked {ago(check.created_at, now)}"

    def _show_verdict(self, check: EquipmentCheck) -> None:
        self.query_one("#eq-verdict", Static).update(verdict_markup(check, self._when(check)))
        drawn = gauges_markup(check)
        bars = self.query_one("#eq-gauges", Static)
        bars.display = drawn is not None
        if drawn is not None:
            bars.update(drawn)

    def _reload(self) -> None:
        if "checks" in self.app.changed_kinds:
            self._load_history()

    def _load_history(self) -> None:
        self.app.run_store(lambda: self.app.store.all(EquipmentCheck), self._show_history, refresh=False)

    def _show_history(self, checks: list[EquipmentCheck]) -> None:
        checks = sorted(checks, key=lambda c: c.created_at)
        self.history = checks
        empty = not checks
        self.query_one("#eq-empty").display = empty
        for wid in ("#eq-trend-label", "#eq-trend", "#eq-history"):
            self.query_one(wid).display = not empty
        if empty:
            return
        if self.last_check is None:
            self.last_check = checks[-1]
            self._show_verdict(checks[-1])
        speeds = [c.download_mbps for c in checks if c.download_mbps is not None][-TREND_POINTS:]
        self.query_one("#eq-trend", Sparkline).data = speeds
        # A trend needs two points; before that a flat bar would only look like data.
        self.query_one("#eq-trend").display = len(speeds) >= 2
        self.query_one("#eq-trend-label").display = len(speeds) >= 2
        now = self.app.clock()
        rows = ["[b]Last checks[/b]"]
        for c in reversed(checks[-HISTORY_ROWS:]):
            style = VERDICT_STYLE[c.verdict]
            when = c.created_at.astimezone().strftime("%d %b %H:%M")
            rows.append(f"{when}  [{style}]{c.verdict:<5}[/]  {figures(c)}  [dim]{ago(c.created_at, now)}[/dim]")
        if not speeds:
            rows.append("[dim]No download figures yet: press b to measure the connection.[/dim]")
        self.query_one("#eq-history", Static).update("\n".join(rows))

    # -- palette ---------------------------------------------------------------------------------

    def palette_commands(self):
        return [
            ("Equipment: check this machine", "CPU, memory, disk, battery, devices, software (c)",
             self.action_quick_check),
            ("Equipment: check the connection", f"Latency and bandwidth; sends traffic to {self.server} (b)",
             self.action_probe),
            ("Equipment: cancel the probe", "Stop a running bandwidth probe (x)", self.action_cancel_probe),
        ]
