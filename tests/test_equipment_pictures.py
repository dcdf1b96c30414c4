"""Equipment's pictures: a minute of CPU, memory and network throughput as sparklines beside the
figures, and the last check's bandwidth, latency and jitter drawn against the call limits.

The rules (throughput from two readings, the one-minute window, the bars) are plain functions
tested without Textual; the screen is fed made-up readings, as a fake sampler and as messages."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Sparkline, Static

from mentor_tui.models import EquipmentCheck
from mentor_tui.probes.gauge import BEYOND, EMPTY, FILLED, LIMIT, gauges, limits
from mentor_tui.probes.system import Sampler, throughput
from mentor_tui.probes.trends import Trends
from mentor_tui.screens.equipment import EquipmentScreen

from . import snapshot_data as sd
from .conftest import wait_until

READINGS = sd.equipment_readings()


# -- throughput and the last minute ------------------------------------------------------------


def test_throughput_is_bytes_per_second_between_two_readings():
    a = replace(READINGS[0], net_bytes_recv=1_000, net_bytes_sent=500, taken_at=10.0)
    b = replace(a, net_bytes_recv=4_000, net_bytes_sent=800, taken_at=12.0)
    assert throughput(a, b) == (1_500.0, 150.0)


def test_no_throughput_without_counters_time_or_when_a_counter_went_back():
    a = replace(READINGS[0], net_bytes_recv=1_000, net_bytes_sent=500, taken_at=10.0)
    assert throughput(a, replace(a, net_bytes_recv=None)) is None
    assert throughput(a, replace(a, net_bytes_recv=2_000)) is None  # no time passed
    assert throughput(a, replace(a, net_bytes_recv=10, taken_at=11.0)) is None  # interface reset


def test_the_sampler_reads_the_network_counters():
    reading = Sampler().read(processes=False)
    assert reading.net_bytes_recv is not None and reading.net_bytes_sent is not None
    assert reading.taken_at > 0


def test_traffic_between_programs_on_this_machine_is_left_out(monkeypatch):
    from types import SimpleNamespace

    from mentor_tui.probes import system

    nics = {"lo": SimpleNamespace(bytes_recv=10**9, bytes_sent=10**9),
            "eth0": SimpleNamespace(bytes_recv=300, bytes_sent=20),
            "wlan0": SimpleNamespace(bytes_recv=5, bytes_sent=1)}
    monkeypatch.setattr(system.psutil, "net_io_counters", lambda pernic=False: nics)
    assert system.network_bytes() == (305, 21)


def test_trends_keep_the_last_minute():
    trends = Trends()
    for r in READINGS + [replace(READINGS[-1], taken_at=READINGS[-1].taken_at + 30.0)]:
        trends.add(r)
    assert all(p.at >= trends.points[-1].at - 60.0 for p in trends.points)
    assert len(trends.cpu) == len(trends.memory) == len(trends.points) < len(READINGS) + 1
    assert trends.cpu[0] == READINGS[len(READINGS) + 1 - len(trends.points)].cpu_total


def test_network_series_starts_with_the_second_reading():
    trends = Trends()
    trends.add(READINGS[0])
    assert trends.network == [] and trends.down is None
    trends.add(READINGS[1])
    down, up = throughput(READINGS[0], READINGS[1])
    assert trends.network == [down + up] and (trends.down, trends.up) == (down, up)


# -- bars against the call limits ----------------------------------------------------------------


def test_limits_come_from_the_verdict_table():
    assert limits("download_mbps") == (1.2, 4.0)  # fail below 1.2, ok from 4
    assert limits("upload_mbps") == (1.2, 4.0)
    assert limits("latency_ms") == (300.0, 100.0)  # ok under 100, fail from 300
    assert limits("jitter_ms") == (60.0, 30.0)


def test_a_machine_only_check_draws_no_bars():
    assert gauges(EquipmentCheck(verdict="ready")) == []


def test_bars_show_the_value_and_both_limits():
    check = EquipmentCheck(verdict="warn", download_mbps=2.0, latency_ms=42.0, jitter_ms=95.0)
    down, latency, jitter = gauges(check)
    assert [g.label for g in (down, latency, jitter)] == ["Download", "Latency", "Jitter"]
    assert (down.status, latency.status, jitter.status) == ("warn", "ok", "fail")
    bar = down.bar(24)  # scale 0 … 6 Mbps: 1.2 at cell 4, 4 at cell 16, 2 Mbps fills 8 cells
    assert bar == FILLED * 4 + LIMIT + FILLED * 3 + EMPTY * 8 + LIMIT + EMPTY * 7
    assert down.scale(24) == "    1.2         4"
    assert jitter.bar(24).endswith(BEYOND)  # 95 ms is past the end of its scale (90)
    assert latency.reading == "42 ms"


@given(metric=st.sampled_from(["download_mbps", "upload_mbps", "latency_ms", "jitter_ms"]),
       value=st.floats(min_value=0, max_value=100_000, allow_nan=False),
       more=st.floats(min_value=0, max_value=1_000, allow_nan=False),
       width=st.integers(min_value=12, max_value=60))
def test_a_bar_has_its_width_its_limits_and_grows_with_the_value(metric, value, more, width):
    (small,) = gauges(EquipmentCheck(verdict="ready", **{metric: value}))
    (large,) = gauges(EquipmentCheck(verdict="ready", **{metric: value + more}))
    for g in (small, large):
        bar = g.bar(width)
        assert len(bar) == width and bar.count(LIMIT) == 2
        labels = g.scale(width).split()
        assert len(labels) == 2 and len(g.scale(width)) <= width + 8
    filled = lambda g: sum(c in (FILLED, BEYOND) for c in g.bar(width))  # noqa: E731
    assert filled(large) >= filled(small) or large.bar(width).endswith(BEYOND)


# -- the screen, fed made-up readings -------------------------------------------------------------


def text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_sparklines_of_the_last_minute_stand_beside_the_figures(make_app, store, monkeypatch):
    monkeypatch.setattr("mentor_tui.screens.equipment.READ_INTERVAL", 3600)
    app = make_app(clock=sd.clock, sampler_factory=sd.FakeSampler)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        screen = app.screen
        assert isinstance(screen, EquipmentScreen)
        assert await wait_until(pilot, lambda: screen.samples_taken == 1)
        assert text(app, "#eq-network-now").endswith("…")  # one reading: no throughput yet
        for reading in READINGS[1:]:
            screen.post_message(screen.Readings(reading))
        assert await wait_until(pilot, lambda: screen.samples_taken == len(READINGS))
        spark = {key: screen.query_one(f"#eq-{key}-spark", Sparkline) for key in ("cpu", "memory", "network")}
        assert list(spark["cpu"].data) == [r.cpu_total for r in READINGS]
        assert len(spark["memory"].data) == len(READINGS) and len(spark["network"].data) == len(READINGS) - 1
        assert text(app, "#eq-cpu-now") == f"CPU      {READINGS[-1].cpu_total:.0f}%"
        assert "% used" in text(app, "#eq-memory-now") and "KB/s" in text(app, "#eq-network-now")
        assert "↓" in text(app, "#eq-readings") and "↑" in text(app, "#eq-readings")
        for key, widget in spark.items():  # beside the figure, on the same line
            now = screen.query_one(f"#eq-{key}-now")
            assert widget.region.y == now.region.y and widget.region.x >= now.region.right
            assert widget.region.width >= 10


async def test_the_last_checks_figures_are_drawn_against_the_limits(make_app, store):
    sd.fill_equipment(store)
    app = make_app(clock=sd.clock, sampler_factory=sd.FakeSampler)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        bars = app.screen.query_one("#eq-gauges", Static)
        assert await wait_until(pilot, lambda: bars.display)
        shown = text(app, "#eq-gauges").splitlines()
        assert shown[0] == "Against what a call needs"
        assert shown[2].split() == ["Download", "38", "Mbps", "ok"]
        assert shown[3].count(LIMIT) == 2 and shown[3].endswith(BEYOND)
        assert shown[4].split() == ["1.2", "4", "Mbps"]
        assert shown[5].split() == ["Upload", "2.9", "Mbps", "warn"]
        assert shown[8].split() == ["Latency", "42", "ms", "ok"] and shown[10].split() == ["100", "300", "ms"]
        assert shown[11].split() == ["Jitter", "34", "ms", "warn"]


async def test_a_machine_only_check_shows_no_bars(make_app, store):
    store.add(EquipmentCheck(verdict="ready"))
    app = make_app(clock=sd.clock, sampler_factory=sd.FakeSampler)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: "Ready" in text(app, "#eq-verdict"))
        assert not app.screen.query_one("#eq-gauges").display
