"""Shared fixtures: every test gets its own data folder and no user settings; apps come from the
same factory the CLI uses."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _css_cache_dir(tmp_path_factory) -> Path:
    """One stylesheet cache for the whole run (``css_cache``): the apps after the first start
    from it, as a learner's do, so the snapshots are taken with the cache's rules."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, _css_cache_dir):
    """Keep the learner's real data, settings and cache out of every test."""
    monkeypatch.setenv("MENTOR_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MENTOR_TUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("MENTOR_TUI_CACHE_DIR", str(_css_cache_dir))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    from mentor_tui.store import Store

    return Store(data_dir).open()


@pytest.fixture
def make_app(store):
    """Build the real app on the test's store (short poll interval so tests stay quick)."""
    from mentor_tui.app import make_app as factory

    def build(**kwargs):
        kwargs.setdefault("poll_interval", 0.1)
        return factory(store, **kwargs)

    return build


async def wait_until(pilot, predicate, timeout: float = 5.0) -> bool:
    """Let the app run until *predicate* holds (store writes land in a worker); False on timeout."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if predicate():
            return True
        await pilot.pause(0.05)
    return predicate()


async def workers_settled(app) -> None:
    """Wait for every worker the app has started. A worker cancelled on purpose (an ``exclusive``
    worker replaced by a newer one of its group, e.g. the poller or a store read) is done too;
    ``app.workers.wait_for_complete()`` raised ``WorkerFailed`` for it, a race seen under load.
    Any other failure is raised."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:  # cancelled before it finished (replaced by a newer read)
            pass
        except WorkerFailed as failed:
            if not isinstance(failed.error, asyncio.CancelledError):
                raise


async def resumed_live_notes(pilot):
    """Wait until the live session found at start is resumed and its notes have the keyboard, and
    return the During screen. Textual applies focus on a later turn: a key sent before that goes to
    whatever had focus, so every test that types into resumed notes waits here first."""
    from mentor_tui.screens.during import DuringScreen

    app = pilot.app
    assert await wait_until(pilot, lambda: isinstance(app.screen, DuringScreen)
                            and app.screen.session is not None), "the live session was not resumed"
    screen = app.screen
    assert await wait_until(pilot, lambda: app.focused is screen.editor), f"focus is on {app.focused!r}"
    return screen


def cli_env(data: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if data is not None:
        env["MENTOR_TUI_DATA_DIR"] = str(data)
    return env


def run_cli(*args: str, data: Path | None = None, input: str | None = None, timeout: float = 60):
    """Run ``mentor-tui`` as a learner would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        capture_output=True,
        text=True,
        env=cli_env(data),
        input=input,
        timeout=timeout,
    )


def hold_reads(store, *models) -> threading.Event:
    """Make ``store.all(model)`` wait, for each of *models*, until the returned event is set (at
    most 10 s), so a test sees what a screen shows before those records are read."""
    release = threading.Event()
    real_all = store.all

    def held_all(model, **kwargs):
        if model in models:
            release.wait(10)
        return real_all(model, **kwargs)

    store.all = held_all
    return release


def hold_question_reads(store) -> threading.Event:
    """:func:`hold_reads` for the questions: what a screen shows from the summary first."""
    from mentor_tui.models import Question

    return hold_reads(store, Question)


def holders(objs: list, depth: int = 5, width: int = 6) -> str:
    """Who keeps *objs* alive, as chains of referrer types (for a failing leak test's message):
    a leak seen once in CI is only worth its message if it names the holder."""
    import gc
    import types

    lines: list[str] = []
    skip = {id(objs)}
    for obj in objs[:3]:
        lines.append(f"{type(obj).__name__} at {id(obj):#x}, held by:")
        frontier, seen = [(obj, "")], {id(obj)} | skip
        for level in range(depth):
            nxt = []
            for target, chain in frontier:
                for ref in gc.get_referrers(target):
                    if id(ref) in seen or ref is frontier or ref is nxt or isinstance(ref, types.FrameType):
                        continue
                    seen.add(id(ref))
                    name = type(ref).__name__
                    if isinstance(ref, dict) and "__name__" in ref and "__loader__" in ref:
                        name = f"globals of {ref['__name__']}"
                    elif isinstance(ref, dict):
                        name += "{" + ",".join(map(str, list(ref)[:4])) + "}"
                    elif isinstance(ref, types.ModuleType):
                        name = f"module {ref.__name__}"
                    elif hasattr(ref, "__qualname__"):
                        name += f" {ref.__qualname__}"
                    nxt.append((ref, f"{chain} <- {name}"))
            frontier = nxt[:width]
            lines.extend("  " + chain for _, chain in frontier)
    return "\n".join(lines)
