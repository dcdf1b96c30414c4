"""Each reading judged ok / warn / fail against ONE table of thresholds, each row naming its source.

Network rows come from the video-call vendors' published requirements for a one-to-one HD call with
screen sharing; machine rows are this project's choices (named as such). Rows of a metric are tried
in order; the first that matches decides the status and its row's text explains why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import CheckItem, Verdict


@dataclass(frozen=True)
class Threshold:
    metric: str
    status: str  # "fail" | "warn"
    below: float | None  # matches when value < below
    above: float | None  # matches when value >= above
    source: str
    fix: str


ZOOM = "Zoom system requirements"
MEET = "Google Meet bandwidth requirements"
TEAMS = "Microsoft Teams network requirements"
OURS = "mentor-tui's own limit"

THRESHOLDS: tuple[Threshold, ...] = (
    # metric, status, below, above, source, fix
    Threshold("download_mbps", "fail", 1.2, None, f"{ZOOM}: 1.2 Mbps each way for 1:1 720p video",
              "Move closer to the router or use a cable; pause downloads and streams."),
    Threshold("download_mbps", "warn", 1.8, None, f"{ZOOM}: 1.8 Mbps each way for 1:1 1080p video",
              "Pause other downloads and streams during the call."),
    Threshold("download_mbps", "warn", 2.6, None, f"{MEET}: 2.6 Mbps down for HD video with two people",
              "Pause other downloads and streams during the call."),
    Threshold("download_mbps", "warn", 4.0, None, f"{TEAMS}: about 4 Mbps for peer HD video or 1080p screen share",
              "Fine for video; close other streams before sharing your screen."),
    Threshold("upload_mbps", "fail", 1.2, None, f"{ZOOM}: 1.2 Mbps each way for 1:1 720p video",
              "Use a cable or sit near the router; stop cloud sync and uploads."),
    Threshold("upload_mbps", "warn", 1.8, None, f"{ZOOM}: 1.8 Mbps each way for 1:1 1080p video",
              "Stop cloud sync (Dropbox, Drive, backups) during the call."),
    Threshold("upload_mbps", "warn", 3.2, None, f"{MEET}: 3.2 Mbps up for HD video with two people",
              "Stop cloud sync during the call; share a window rather than the whole screen."),
    Threshold("upload_mbps", "warn", 4.0, None, f"{TEAMS}: about 4 Mbps for peer HD video or 1080p screen share",
              "Share one window rather than the whole screen."),
    Threshold("latency_ms", "fail", None, 300.0, "ITU-T G.114: 150 ms one way (300 ms round trip) is the limit for talk",
              "Use a cable instead of Wi-Fi; leave VPNs off for the call."),
    Threshold("latency_ms", "warn", None, 100.0, f"{TEAMS}: round trip under 100 ms",
              "Use a cable instead of Wi-Fi; leave VPNs off for the call."),
    Threshold("jitter_ms", "fail", None, 60.0, f"{OURS}: twice Teams' 30 ms",
              "Use a cable; stop other heavy traffic on the line."),
    Threshold("jitter_ms", "warn", None, 30.0, f"{TEAMS}: jitter under 30 ms",
              "Use a cable; stop other heavy traffic on the line."),
    Threshold("loss_pct", "fail", None, 5.0, f"{OURS}: five times Teams' 1%",
              "Restart the router or use a cable; the line is dropping packets."),
    Threshold("loss_pct", "warn", None, 1.0, f"{TEAMS}: packet loss under 1%",
              "Use a cable; Wi-Fi interference drops packets."),
    Threshold("cpu_percent", "fail", None, 97.0, f"{OURS}: CPU pegged leaves nothing for video",
              "Close busy programs (the Equipment panel lists them) before the call."),
    Threshold("cpu_percent", "warn", None, 85.0, f"{OURS}: video encoding needs spare CPU",
              "Close busy programs (the Equipment panel lists them) before the call."),
    Threshold("mem_available_mb", "fail", 500.0, None, f"{OURS}: under 500 MB free memory",
              "Close browser tabs and programs you do not need for the call."),
    Threshold("mem_available_mb", "warn", 1024.0, None, f"{OURS}: under 1 GB free memory",
              "Close browser tabs you do not need for the call."),
    Threshold("disk_free_gb", "fail", 1.0, None, f"{OURS}: under 1 GB free disk",
              "Free disk space: empty the trash, remove old downloads."),
    Threshold("disk_free_gb", "warn", 5.0, None, f"{OURS}: under 5 GB free disk (recordings, updates)",
              "Free some disk space before recording a call."),
    Threshold("battery_unplugged_pct", "fail", 10.0, None, f"{OURS}: under 10% on battery",
              "Plug in the charger before the call."),
    Threshold("battery_unplugged_pct", "warn", 30.0, None, f"{OURS}: under 30% on battery (video drains it fast)",
              "Plug in the charger before the call."),
)


def judge(metric: str, value: float | None) -> tuple[str, str, str]:
    """(status, detail, fix) for *value* of *metric*; ok when no row matches."""
    if value is None:
        return "skipped", "not measured", ""
    for row in THRESHOLDS:
        if row.metric != metric:
            continue
        if (row.below is not None and value < row.below) or (row.above is not None and value >= row.above):
            return row.status, row.source, row.fix
    rows = [r for r in THRESHOLDS if r.metric == metric]
    return "ok", (f"within {rows[-1].source}" if rows else ""), ""


ORDER = {"fail": 0, "warn": 1, "ok": 2, "skipped": 3}


def ordered(items: list[CheckItem]) -> list[CheckItem]:
    """Items needing action first (fail, warn), then the rest; stable within a status."""
    return sorted(items, key=lambda i: ORDER[i.status])


def overall(items: list[CheckItem]) -> Verdict:
    statuses = {i.status for i in items}
    if "fail" in statuses:
        return "fail"
    if "warn" in statuses:
        return "warn"
    return "ready"


VERDICT_TEXT = {
    "ready": "Ready for the call",
    "warn": "Ready, with warnings",
    "fail": "Not ready: fix the items marked fail",
}
