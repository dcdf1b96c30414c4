"""The collector pause around start-up (``mentor_tui.gcpause``)."""

from __future__ import annotations

import gc

from mentor_tui import gcpause


def test_pause_then_resume_freezes_start_up_objects_and_turns_collection_back_on():
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    try:
        gcpause.pause()
        assert not gc.isenabled()
        gcpause.resume()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()
        gc.enable()


def test_resume_without_pause_changes_nothing():
    frozen_before = gc.get_freeze_count()
    gcpause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_the_app_turns_collection_back_on_once_the_first_screen_is_painted(tmp_path):
    """Started the way the command line starts it (collector paused), the app resumes it
    after its first screen, so a long session does not run without cycle collection."""
    import asyncio

    from mentor_tui.app import make_app
    from mentor_tui.store import Store

    async def run() -> None:
        app = make_app(store=Store(tmp_path), search_prebuild_delay=None, preload_delay=None)
        gcpause.pause()
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(50):
                    if gc.isenabled():
                        break
                    await pilot.pause(0.05)
                assert gc.isenabled()
        finally:
            gc.unfreeze()
            gc.enable()

    asyncio.run(run())
