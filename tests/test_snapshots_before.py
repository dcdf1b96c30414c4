"""Before-mode screens as pictures, at the smallest and a large terminal (80×24 and 160×48).

Run `pytest --snapshot-update` after an intended UI change and look at the new SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentor_tui.app import make_app
from mentor_tui.store import Store

from . import snapshot_data

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def app(tmp_path):
    snapshot_data.use_utc()
    store = Store(tmp_path / "snap").open()
    snapshot_data.fill(store)
    return make_app(store, clock=snapshot_data.clock, poll_interval=60)


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inbox(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_agenda(snap_compare, app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review(snap_compare, app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inbox_after_a_visit_to_after(snap_compare, app, size):
    """After's styles must not leak: Before looks the same after a visit to After (its picture is
    compared with test_inbox's, byte for byte, in the test below)."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_the_two_inbox_pictures_are_the_same():
    folder = Path(__file__).parent / "__snapshots__" / "test_snapshots_before"
    for w, h in SIZES:
        plain = (folder / f"test_inbox[{w}x{h}].svg").read_text()
        visited = (folder / f"test_inbox_after_a_visit_to_after[{w}x{h}].svg").read_text()
        assert visited == plain, f"Before at {w}x{h} changed after visiting After"
