"""What the Equipment screen draws, as plain functions from readings and checks to text.

Kept apart from the screen so the screen only arranges widgets and runs workers. Names of disks,
interfaces and processes, and a check's items and fixes, come from the machine or from disk:
they are shown literally (:mod:`mentor_tui.literal`), never read as markup.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from ..literal import literal, markup, styled
from ..models import EquipmentCheck, ago
from ..probes.gauge import Gauge, gauges
from ..probes.system import SystemReading, human_bytes
from ..probes.trends import Trends

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


def history_markup(checks: list[EquipmentCheck], now: datetime, has_speeds: bool) -> str:
    """The "Last checks" list, newest first (verdicts and figures only: nothing typed by anyone)."""
    rows = ["[b]Last checks[/b]"]
    for c in reversed(checks[-HISTORY_ROWS:]):
        style = VERDICT_STYLE[c.verdict]
        when = c.created_at.astimezone().strftime("%d %b %H:%M")
        rows.append(f"{when}  [{style}]{c.verdict:<5}[/]  {figures(c)}  [dim]{ago(c.created_at, now)}[/dim]")
    if not has_speeds:
        rows.append("[dim]No download figures yet: press b to measure the connection.[/dim]")
    return "\n".join(rows)
