"""Make the README's screenshots: the real app on fixed sample data, one SVG per mode.

    python scripts/screenshots.py        # writes assets/*.svg
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentor_tui.app import make_app  # noqa: E402
from mentor_tui.store import Store  # noqa: E402
from tests import snapshot_data  # noqa: E402

#: (file name, keys pressed from the start screen)
SHOTS = [
    ("before-inbox", []),
    ("before-agenda", ["2"]),
    ("before-review", ["3"]),
    ("during", ["f3", "enter", "enter", *"## Blueprints", "enter", "enter",
                *"- one blueprint per area: shop, auth", "enter",
                *"- models live in `models.py`, not in views", "enter", "ctrl+r",
                *"Factories make testing easier", "enter"]),
    ("after", ["f4"]),
    ("equipment", ["f5"]),  # a stored check and a minute of made-up readings: see feed_readings
    ("history", ["f6"]),
]


async def feed_readings(pilot) -> None:
    """Equipment's sparklines need a minute of readings: give them the made-up ones at once."""
    screen = pilot.app.screen
    while screen.samples_taken < 1:
        await pilot.pause(0.1)
    for reading in snapshot_data.equipment_readings()[1:]:
        screen.post_message(screen.Readings(reading))


async def shoot(name: str, keys: list[str], size=(120, 36)) -> None:
    work = Path(tempfile.mkdtemp(prefix="mentor-shot-"))
    equipment = name == "equipment"
    try:
        store = Store(work).open()
        snapshot_data.fill(store)
        if equipment:
            snapshot_data.fill_equipment(store)
        app = make_app(store, clock=snapshot_data.clock, poll_interval=60,
                       sampler_factory=snapshot_data.FakeSampler if equipment else None)
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.5)
            for key in keys:
                await pilot.press(key)
                await pilot.pause(0.5)
            if equipment:
                await feed_readings(pilot)
            await pilot.pause(0.5)
            app.save_screenshot(filename=f"{name}.svg", path=str(ROOT / "assets"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def main() -> None:
    from mentor_tui.screens import equipment

    equipment.READ_INTERVAL = 3600  # the picture shows the made-up minute only (feed_readings)
    snapshot_data.use_utc()
    (ROOT / "assets").mkdir(exist_ok=True)
    for name, keys in SHOTS:
        await shoot(name, keys)
        print(f"assets/{name}.svg")


if __name__ == "__main__":
    asyncio.run(main())
