"""Sync in the app: the badge in the header, "Sync now" in the palette, automatic rounds."""

from __future__ import annotations

from mentor_tui.models import Question, Session
from mentor_tui.sync.auto import AutoSync, badge_text

from .conftest import wait_until
from .test_sync_round import Machine, _isolated_git, origin  # noqa: F401 - fixtures


async def test_badge_and_sync_now_from_the_palette(store, make_app, origin, tmp_path):  # noqa: F811
    from mentor_tui.sync.round import SyncFolder

    SyncFolder(store).setup(origin.as_uri(), "laptop")
    other = Machine("desktop", tmp_path / "desktop")
    other.folder.setup(origin.as_uri(), "desktop")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: "⟳ just now" in app.title)  # synced at start
        other.store.add(Question(text="typed on the desktop"))
        other.sync()
        await pilot.press("ctrl+p")
        await pilot.press(*"Sync now")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: [q.text for q in store.all(Question)] == ["typed on the desktop"])
        assert await wait_until(pilot, lambda: any("Synced" in n.message for n in app._notifications))


async def test_no_badge_without_sync_set_up(store, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app.auto_sync.last_run is None and not any(
            w.group == "sync" and not w.is_finished for w in app.workers))
        await pilot.pause(0.3)
        assert app.title == "mentor-tui"


def test_automatic_rounds_wait_for_the_call_to_end():
    auto = AutoSync(interval=900)
    assert auto.due(live=False, now=0)  # at start
    auto.last_run = 0
    assert not auto.due(live=False, now=60)
    assert not auto.due(live=True, now=2000)  # never during a call, however long
    assert auto.due(live=False, now=2001)  # right after it ends
    auto.last_run = 2001
    assert not auto.due(live=False, now=2100)
    assert auto.due(live=False, now=2001 + 900)  # every 15 minutes


def test_automatic_round_skips_a_live_session(store, origin):  # noqa: F811
    from mentor_tui.sync.round import SyncFolder

    SyncFolder(store).setup(origin.as_uri(), "laptop")
    store.add(Session(status="live"))
    before = SyncFolder(store).load_state()["last"]["at"]
    AutoSync().run(store)
    assert SyncFolder(store).load_state()["last"]["at"] == before


def test_badge_texts():
    assert badge_text(None, None) == ""
    base = {"last_at": "2026-11-25T09:00:00+00:00", "last_ok_at": "2026-11-25T09:00:00+00:00", "waiting": 0}
    from datetime import datetime, timezone

    now = datetime(2026, 11, 25, 9, 4, tzinfo=timezone.utc)
    assert badge_text({**base, "last_ok": True}, now) == "⟳ 4 min ago"
    assert badge_text({**base, "last_ok": False, "last_message": "Can't reach origin", "waiting": 3}, now) \
        == "⟳ offline, 3 waiting"
    assert badge_text({**base, "last_ok": False, "last_message": "origin refused"}, now) == "⚠ sync needs you"
    assert badge_text({**base, "last_ok": True, "conflict": True}, now) == "⚠ notes conflict"
