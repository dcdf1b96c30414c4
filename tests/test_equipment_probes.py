"""Equipment probes and ``mentor-tui check`` against stand-in servers on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from mentor_tui.models import CheckItem, EquipmentCheck
from mentor_tui.probes import devices, software, verdict
from mentor_tui.probes.check import machine_items, network_items
from mentor_tui.probes.network import ProbeResult, run_probe, summarize_latency
from mentor_tui.probes.system import Sampler

from .conftest import cli_env, run_cli
from .standin_server import StandinServer, image_size


@pytest.fixture
def mini():
    server = StandinServer().start()
    yield server
    server.close()


def serve(mode):
    return StandinServer(mode).start()


def closed_port() -> int:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# -- the probe ----------------------------------------------------------------------------------


def test_probe_measures_what_the_server_served(mini):
    phases = []
    result = run_probe(mini.url, timeout=20, progress=lambda p, f: phases.append((p, f)))
    assert result.ok, result.message
    # every byte the server sent was counted, and all six sizes were asked for twice
    assert result.bytes_received == mini.bytes_served == 2 * sum(
        image_size(n) for n in (350, 500, 750, 1000, 1500, 2000))
    assert result.bytes_sent == mini.bytes_received > 0
    assert result.download_mbps > 10 and result.upload_mbps > 1
    assert result.latency_ms is not None and 0 <= result.latency_ms < 100
    assert result.loss_pct == 0.0 and result.jitter_ms is not None
    assert result.latency_min_ms <= result.latency_ms <= result.latency_max_ms
    fractions = [f for _p, f in phases]
    assert fractions == sorted(fractions) or max(fractions) == 1.0
    assert fractions[-1] == 1.0


def test_paced_server_gives_figures_near_its_rate():
    server = StandinServer(rate_mbps=30).start()
    try:
        result = run_probe(server.url, timeout=30)
    finally:
        server.close()
    assert result.ok, result.message
    assert 15 < result.download_mbps < 45
    assert 10 < result.upload_mbps < 45


def test_refusing_server_is_reported_quickly():
    server = serve("refuse")
    try:
        start = time.monotonic()
        result = run_probe(server.url, timeout=10)
    finally:
        server.close()
    assert result.status == "refused" and "403" in result.message
    assert time.monotonic() - start < 5


def test_stalling_server_ends_within_the_time_limit():
    server = serve("stall")
    try:
        start = time.monotonic()
        result = run_probe(server.url, timeout=3)
        took = time.monotonic() - start
    finally:
        server.close()
    assert result.status == "timeout"
    assert took < 3 + 2


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/", "http://nowhere.invalid/"])
def test_no_network_is_unreachable_not_a_crash(url):
    url = url.format(port=closed_port())
    start = time.monotonic()
    result = run_probe(url, timeout=5)
    assert result.status in ("unreachable", "timeout")
    assert result.message
    assert time.monotonic() - start < 5 + 2


def test_not_a_url_is_an_error():
    assert run_probe("ftp:/x", timeout=2).status == "error"


def test_cancel_returns_within_half_a_second():
    server = StandinServer(rate_mbps=20).start()
    cancel = threading.Event()
    box = {}
    t = threading.Thread(target=lambda: box.update(r=run_probe(server.url, timeout=30, cancel=cancel)))
    t.start()
    time.sleep(1.0)
    start = time.monotonic()
    cancel.set()
    t.join(2)
    took = time.monotonic() - start
    server.close()
    assert took < 0.5
    assert box["r"].status == "cancelled"


def test_latency_summary():
    r = ProbeResult(status="ok")
    summarize_latency(r, [10.0, 20.0, None, 14.0])
    assert r.latency_min_ms == 10 and r.latency_max_ms == 20
    assert r.latency_ms == pytest.approx(14.67, abs=0.01)
    assert r.jitter_ms == pytest.approx(8.0)  # |20-10|, |14-20|
    assert r.loss_pct == 25.0


# -- verdict ------------------------------------------------------------------------------------


def test_every_threshold_names_its_source():
    for row in verdict.THRESHOLDS:
        assert row.source and row.fix
    sources = " ".join(r.source for r in verdict.THRESHOLDS)
    for vendor in ("Zoom", "Google Meet", "Microsoft Teams"):
        assert vendor in sources


@pytest.mark.parametrize(
    "metric,value,status",
    [
        ("download_mbps", 1.0, "fail"), ("download_mbps", 2.0, "warn"), ("download_mbps", 10.0, "ok"),
        ("upload_mbps", 3.0, "warn"), ("upload_mbps", 1.1, "fail"), ("upload_mbps", 5, "ok"),
        ("latency_ms", 99, "ok"), ("latency_ms", 100, "warn"), ("latency_ms", 400, "fail"),
        ("jitter_ms", 29, "ok"), ("jitter_ms", 30, "warn"),
        ("loss_pct", 0.5, "ok"), ("loss_pct", 1.0, "warn"), ("loss_pct", 10, "fail"),
        ("mem_available_mb", 400, "fail"), ("disk_free_gb", 0.5, "fail"), ("disk_free_gb", 50, "ok"),
        ("cpu_percent", 99, "fail"), ("battery_unplugged_pct", 5, "fail"),
        ("download_mbps", None, "skipped"),
    ],
)
def test_judge(metric, value, status):
    assert verdict.judge(metric, value)[0] == status


def test_overall_verdict_puts_action_items_first():
    items = [CheckItem(name="a", status="ok"), CheckItem(name="b", status="warn", fix="x"),
             CheckItem(name="c", status="fail", fix="y"), CheckItem(name="d", status="skipped")]
    assert [i.name for i in verdict.ordered(items)] == ["c", "b", "a", "d"]
    assert verdict.overall(items) == "fail"
    assert verdict.overall(items[:2]) == "warn"
    assert verdict.overall([items[0], items[3]]) == "ready"


def test_machine_readings_and_no_battery_is_fine(tmp_path):
    sampler = Sampler(tmp_path)
    sampler.wait_primed(0.1)
    reading = sampler.read()
    assert reading.mem_total > 0 and reading.disks and reading.cpu_per_core
    assert len(reading.top_cpu) <= 3 and reading.top_mem
    reading.battery_percent = None
    battery = next(i for i in machine_items(reading) if i.name == "Battery")
    assert battery.status == "ok" and battery.value == "no battery"
    reading.battery_percent, reading.battery_plugged = 5.0, False
    battery = next(i for i in machine_items(reading) if i.name == "Battery")
    assert battery.status == "fail" and "charger" in battery.fix


def test_failed_probe_is_a_fail_item_with_a_fix():
    items = network_items(ProbeResult(status="unreachable", message="no network", loss_pct=100.0))
    assert items[0].status == "fail" and items[0].fix
    assert all(i.status == "skipped" for i in items[1:])


def test_software_any_of_and_versions():
    py = software.find_one(f"no-such-tool-xyz|{sys.executable}")
    assert py.command == sys.executable and py.version == "%d.%d.%d" % sys.version_info[:3]
    missing = software.find_one("no-such-tool-xyz|nor-this-one")
    assert missing.command is None


def test_devices_report_unknown_or_a_count(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "video0").touch()
    if sys.platform.startswith("linux"):
        assert devices.camera(str(tmp_path / "dev")).count == 1
        (tmp_path / "asound").mkdir()
        (tmp_path / "asound" / "pcm").write_text("00-00: ALC : ALC analog : playback 1 : capture 1\n")
        assert devices.microphone(str(tmp_path / "asound")).count == 1
    mic = devices.microphone(str(tmp_path / "missing"))
    assert mic.count is None or mic.count >= 0


# -- the command line -----------------------------------------------------------------------------

KEYS = {"verdict", "items", "download_mbps", "upload_mbps", "latency_ms"}
EXIT_FOR = {"ready": 0, "warn": 1, "fail": 2}


def test_check_no_bandwidth_json_is_stored(data_dir, store):
    # How fast it is, is measured in benchmarks/bench_equipment.py, not timed here.
    done = run_cli("check", "--no-bandwidth", "--json")
    out = json.loads(done.stdout)
    assert KEYS <= out.keys()
    assert out["download_mbps"] is None and out["upload_mbps"] is None and out["latency_ms"] is None
    assert done.returncode == EXIT_FOR[out["verdict"]]
    for item in out["items"]:
        assert {"name", "status", "value", "detail"} <= item.keys()
        assert item["status"] in ("ok", "warn", "fail", "skipped")
    (check,) = store.all(EquipmentCheck)
    assert check.id == out["id"]


def test_check_mini_measures_and_stores(mini, store):
    done = run_cli("check", "--json", "--mini", mini.url, "--timeout", "20")
    out = json.loads(done.stdout)
    assert out["download_mbps"] > 10 and out["upload_mbps"] > 1 and out["latency_ms"] < 100
    assert done.returncode == EXIT_FOR[out["verdict"]]
    (check,) = store.all(EquipmentCheck)
    assert check.download_mbps == out["download_mbps"]
    names = {i["name"] for i in out["items"]}
    assert {"Download", "Upload", "Latency", "Jitter", "Packet loss", "CPU", "Memory"} <= names


def test_check_human_table(mini):
    done = run_cli("check", "--mini", mini.url, "--timeout", "20")
    assert "Download" in done.stdout and "Mbps" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith(("Ready", "Not ready"))
    assert "\033[" not in done.stdout  # no colour codes when not a terminal


def test_check_refused_exits_3_with_one_line():
    server = serve("refuse")
    try:
        done = run_cli("check", "--json", "--mini", server.url, "--timeout", "10")
    finally:
        server.close()
    assert done.returncode == 3
    out = json.loads(done.stdout)
    assert "403" in out["error"] and out["verdict"] == "fail"
    assert "Traceback" not in done.stderr


def test_check_stalled_server_finishes_within_timeout_plus_two():
    server = serve("stall")
    try:
        start = time.monotonic()
        done = run_cli("check", "--json", "--mini", server.url, "--timeout", "3")
        took = time.monotonic() - start
    finally:
        server.close()
    assert took <= 3 + 2, took
    assert done.returncode == 3
    assert "Traceback" not in done.stderr


def test_check_no_network_is_not_ready():
    done = run_cli("check", "--json", "--mini", f"http://127.0.0.1:{closed_port()}/", "--timeout", "5")
    assert done.returncode == 2
    out = json.loads(done.stdout)
    conn = next(i for i in out["items"] if i["name"] == "Connection")
    assert conn["status"] == "fail" and conn["fix"]
    assert out["items"][0]["status"] == "fail"  # action items first


def test_check_bad_timeout_is_one_line():
    done = run_cli("check", "--no-bandwidth", "--timeout", "-1")
    assert done.returncode == 64 and done.stderr.count("\n") == 1 and "timeout" in done.stderr


def test_check_does_not_import_textual():
    code = (
        "import sys\n"
        "sys.argv = ['mentor-tui', 'check', '--no-bandwidth', '--json']\n"
        "from mentor_tui.cli import main\n"
        "main()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'speedtest')]\n"
        "sys.stderr.write('IMPORTED:' + ','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), timeout=30)
    assert done.stderr.strip().endswith("IMPORTED:"), done.stderr


def test_isolated_probe_measures_and_cancel_ends_the_child(mini):
    from mentor_tui.probes.network import run_probe_isolated

    seen = []
    result = run_probe_isolated(mini.url, timeout=20, progress=lambda p, f: seen.append(p))
    assert result.ok and result.download_mbps > 10 and "download" in seen

    slow = StandinServer(rate_mbps=20).start()
    cancel = threading.Event()
    box = {}
    t = threading.Thread(target=lambda: box.update(r=run_probe_isolated(slow.url, timeout=30, cancel=cancel)))
    t.start()
    time.sleep(1.5)
    start = time.monotonic()
    cancel.set()
    t.join(2)
    took = time.monotonic() - start
    slow.close()
    assert took < 0.5 and box["r"].status == "cancelled"
    import psutil

    assert not [c for c in psutil.Process().children(recursive=True)
                if "mentor_tui.probes.network" in " ".join(c.cmdline())]


def test_probe_modules_import_no_textual():
    code = (
        "import sys\n"
        "import mentor_tui.probes.check, mentor_tui.probes.network, mentor_tui.probes.system\n"
        "import mentor_tui.probes.devices, mentor_tui.probes.software, mentor_tui.probes.verdict\n"
        "import mentor_tui.probes.gauge, mentor_tui.probes.trends\n"
        "import mentor_tui.checkcmd\n"
        "print([m for m in sys.modules if m.split('.')[0] == 'textual'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), timeout=30)
    assert done.stdout.strip() == "[]", done.stderr


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

RANK = {"ok": 0, "warn": 1, "fail": 2}


@given(
    metric=st.sampled_from(sorted({r.metric for r in verdict.THRESHOLDS})),
    a=st.floats(min_value=0, max_value=10_000, allow_nan=False),
    b=st.floats(min_value=0, max_value=10_000, allow_nan=False),
)
def test_judge_is_monotonic(metric, a, b):
    """A better figure is never judged worse (more bandwidth, less latency, more free space...)."""
    lo, hi = sorted((a, b))
    higher_is_better = any(r.below is not None for r in verdict.THRESHOLDS if r.metric == metric)
    s_lo, s_hi = RANK[verdict.judge(metric, lo)[0]], RANK[verdict.judge(metric, hi)[0]]
    assert (s_hi <= s_lo) if higher_is_better else (s_lo <= s_hi)


def test_speedtest_net_refusal_and_sizes_are_bounded():
    from urllib.error import HTTPError

    from mentor_tui.probes import network

    err = network.speedtest.ConfigRetrievalError(HTTPError("https://x", 403, "Forbidden", {}, None))
    assert network._describe(err) == ("refused", "the server refused the test (HTTP 403)")
    config = {  # what speedtest.net typically sends: up to 7 MB chunks, ~180 MB pre-allocated
        "sizes": {"upload": [32768, 65536, 131072, 262144, 524288, 1048576, 7340032], "download": [350]},
        "counts": {"upload": 8, "download": 4},
        "threads": {"upload": 8, "download": 16},
        "upload_max": 56,
    }
    network._cap(config)
    total = sum(config["sizes"]["upload"]) * config["counts"]["upload"]
    assert total <= network.MAX_UPLOAD_BYTES and max(config["sizes"]["upload"]) <= 1048576
    assert config["upload_max"] == config["counts"]["upload"] * len(config["sizes"]["upload"])


def test_check_server_going_quiet_mid_download_ends_within_timeout_plus_two():
    server = serve("stall_data")
    try:
        start = time.monotonic()
        done = run_cli("check", "--json", "--mini", server.url, "--timeout", "4")
        took = time.monotonic() - start
    finally:
        server.close()
    assert took <= 4 + 2, took
    assert done.returncode == 3
    out = json.loads(done.stdout)
    assert ("limit" in out["error"] or "stopped sending" in out["error"]) and out["latency_ms"] is not None
