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
from datetime import datetime
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Sparkline, Static

from .. import equipment_history
from ..literal import literal, styled
from ..models import EquipmentCheck, ago
from ..widgets.equipment_view import (
    HISTORY_ROWS,
    PHASE_TEXT,
    TREND_POINTS,
    empty_text,
    gauges_markup,
    history_markup,
    server_label,
    verdict_markup,
)
from ..widgets.footer import KeysFooter
from ..widgets.header import TitleBar
from ..widgets.live_readings import LiveReadingsPane
from ..widgets.settle import SettledStatic
from .hooks import KeepsStylesOnResume

READ_INTERVAL = 1.5


class EquipmentScreen(KeepsStylesOnResume, Screen):
    """Live readiness panel: readings, the probe, the verdict and the history of checks."""

    CSS_PATH = "equipment.tcss"
    BINDINGS = [
        Binding("c", "quick_check", "Check machine"),
        Binding("b", "probe", "Check connection"),
        Binding("x", "cancel_probe", "Cancel probe"),
    ]

    #: A reading of the machine (posted by the live-readings pane, or fed by a test).
    Readings = LiveReadingsPane.Readings

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
        self._cancel: threading.Event | None = None
        self._phase = ""
        self.last_check: EquipmentCheck | None = None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="eq-body"):
            yield LiveReadingsPane(READ_INTERVAL, self.app.sampler_factory, self.app.store.root, id="eq-left")
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
        self.query_one(LiveReadingsPane).resume()

    def on_screen_suspend(self) -> None:
        self.query_one(LiveReadingsPane).pause()

    def on_live_readings_pane_readings(self, message: LiveReadingsPane.Readings) -> None:
        self.query_one(LiveReadingsPane).show(message.reading)

    @property
    def samples_taken(self) -> int:
        """How many readings have been drawn since the screen was made."""
        return self.query_one(LiveReadingsPane).samples_taken

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
        self.app.run_store(partial(equipment_history.record_check, self.app.store, check),
                           lambda _c: self._load_history())

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
        self.app.run_store(partial(equipment_history.recent_checks, self.app.store,
                                   HISTORY_ROWS, TREND_POINTS),
                           self._show_history, refresh=False)

    def _show_history(self, checks: list[EquipmentCheck]) -> None:
        empty = not checks
        self.query_one("#eq-empty").display = empty
        for wid in ("#eq-trend-label", "#eq-trend", "#eq-history"):
            self.query_one(wid).display = not empty
        if empty:
            return
        if self.last_check is None:
            self.last_check = checks[-1]
            self._show_verdict(checks[-1])
        speeds = equipment_history.download_speeds(checks, TREND_POINTS)
        self.query_one("#eq-trend", Sparkline).data = speeds
        # A trend needs two points; before that a flat bar would only look like data.
        self.query_one("#eq-trend").display = len(speeds) >= 2
        self.query_one("#eq-trend-label").display = len(speeds) >= 2
        self.query_one("#eq-history", Static).update(history_markup(checks, self.app.clock(), bool(speeds)))

    # -- palette ---------------------------------------------------------------------------------

    def palette_commands(self):
        return [
            ("Equipment: check this machine", "CPU, memory, disk, battery, devices, software (c)",
             self.action_quick_check),
            ("Equipment: check the connection", f"Latency and bandwidth; sends traffic to {self.server} (b)",
             self.action_probe),
            ("Equipment: cancel the probe", "Stop a running bandwidth probe (x)", self.action_cancel_probe),
        ]
