"""Equipment as pictures at 80×24 and 120×40: a minute of made-up readings drawn as sparklines
beside the figures, and a stored check's figures drawn against the call limits (fixed data,
a fixed clock and UTC, so the SVGs change only when the screen does)."""

from __future__ import annotations

import pytest

from mentor_tui.app import make_app
from mentor_tui.store import Store

from . import snapshot_data
from .conftest import wait_until


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("mentor_tui.screens.equipment.READ_INTERVAL", 3600)  # only the readings fed below
    snapshot_data.use_utc()
    store = Store(tmp_path / "snap").open()
    snapshot_data.fill_equipment(store)
    return make_app(store, clock=snapshot_data.clock, poll_interval=60,
                    sampler_factory=snapshot_data.FakeSampler)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_equipment_with_sparklines(snap_compare, app, size):
    async def run_before(pilot):
        await pilot.press("f5")
        screen = pilot.app.screen
        assert await wait_until(pilot, lambda: screen.samples_taken == 1)
        readings = snapshot_data.equipment_readings()
        for reading in readings[1:]:
            screen.post_message(screen.Readings(reading))
        verdict = screen.query_one("#eq-verdict")
        # The stored check's verdict is several lines: wait until the layout has given it room.
        gauges = screen.query_one("#eq-gauges")
        assert await wait_until(pilot, lambda: screen.samples_taken == len(readings)
                                and gauges.display and verdict.size.height > 4), (
            f"{screen.samples_taken} of {len(readings)} readings, gauges shown: {gauges.display}, "
            f"verdict {verdict.size}")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
