"""After's first view is read as F4 is pressed, in a thread, while its screen is built
(``MentorApp.read_ahead``), so the practice list comes with the title instead of ~0.1 s later."""

from __future__ import annotations

import threading

from textual.css.query import NoMatches

from mentor_tui import after_data
from mentor_tui.app import DataChange
from mentor_tui.models import PracticeTask
from mentor_tui.screens import after as after_screen
from mentor_tui.screens.after import AfterScreen

from .conftest import wait_until


def _counting_first_snapshot(monkeypatch, before=None) -> tuple[list[int], threading.Event]:
    """After's first read replaced by one that counts its calls (and runs *before(calls)* first,
    to hold or fail it), for the read ahead and for the screen's own read alike."""
    calls: list[int] = []
    read = threading.Event()
    real = after_data.first_snapshot

    def first_snapshot(store):
        calls.append(1)
        try:
            if before is not None:
                before(calls)
            return real(store)
        finally:
            read.set()

    monkeypatch.setattr(after_data, "first_snapshot", first_snapshot)  # the read ahead's
    monkeypatch.setattr(after_screen, "first_snapshot", first_snapshot)  # the screen's own
    return calls, read


def _summary(app) -> str:
    try:
        return str(app.screen.query_one("#practice-summary").render())
    except NoMatches:  # the screen is still being built
        return ""


async def test_the_read_started_with_f4_is_shown_as_the_screen_mounts(make_app, store, monkeypatch):
    store.add(PracticeTask(title="write a loop"))
    calls, read = _counting_first_snapshot(monkeypatch)
    compose = AfterScreen.compose

    def slow_compose(screen):  # the read ends while the screen is being built
        assert read.wait(5)
        return compose(screen)

    monkeypatch.setattr(AfterScreen, "compose", slow_compose)
    waited: list[object] = []
    show_read_ahead = AfterScreen._show_read_ahead
    monkeypatch.setattr(AfterScreen, "_show_read_ahead",
                        lambda screen, future: waited.append(future) or show_read_ahead(screen, future))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        assert isinstance(app.screen, AfterScreen)
        assert "1 to practise today" in _summary(app)  # in place as soon as the screen is
        assert calls == [1]  # read once, not again by the screen
        assert waited == []  # found done as the screen mounted
        await pilot.press("f3", "f4")
        assert calls == [1]  # only the first visit reads ahead


async def test_the_read_starts_as_f4_is_pressed_while_the_event_loop_is_busy(make_app, store, monkeypatch):
    """The read's thread starts as the key is handled, not once the event loop is free again: a
    Textual worker's thread started only when its task ran on the loop, which was busy building
    the screen (the read began 30-95 ms after F4 at five years)."""
    store.add(PracticeTask(title="write a loop"))
    _calls, read = _counting_first_snapshot(monkeypatch)
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_switch_mode("after")
        assert read.wait(3)  # the loop is blocked here, as while a screen is built
        assert await wait_until(pilot, lambda: "1 to practise today" in _summary(app))


async def test_a_change_meanwhile_makes_the_screen_read_again(make_app, store, monkeypatch):
    store.add(PracticeTask(title="write a loop"))
    calls, read = _counting_first_snapshot(monkeypatch)
    compose = AfterScreen.compose
    app = make_app(search_prebuild_delay=None)

    def changed_meanwhile(screen):
        assert read.wait(5)
        store.add(PracticeTask(title="read the docs"))  # as another process's write, announced
        app.data_revision = DataChange(app.data_revision.serial + 1, frozenset({"tasks"}))
        return compose(screen)

    monkeypatch.setattr(AfterScreen, "compose", changed_meanwhile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        assert await wait_until(pilot, lambda: "2 to practise today" in _summary(app))
        assert len(calls) == 2  # the read ahead was set aside: it predates the change


async def test_a_read_still_running_as_the_screen_mounts_is_waited_for_not_repeated(
        make_app, store, monkeypatch):
    """At five years the read ahead was often still running as After mounted; a second read
    beside it took as long again. The screen now shows the read ahead once it ends."""
    store.add(PracticeTask(title="write a loop"))
    release = threading.Event()

    def held(_calls: list[int]) -> None:
        assert release.wait(5)

    calls, _read = _counting_first_snapshot(monkeypatch, before=held)
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        assert isinstance(app.screen, AfterScreen)
        await pilot.pause(0.2)
        assert calls == [1]  # the screen did not start a read of its own
        release.set()
        assert await wait_until(pilot, lambda: "1 to practise today" in _summary(app))
        assert calls == [1]


async def test_a_read_ahead_that_fails_leaves_the_screen_to_read_and_say_why(make_app, store, monkeypatch):
    store.add(PracticeTask(title="write a loop"))

    def fail_the_first(calls: list[int]) -> None:
        if len(calls) == 1:
            raise OSError("the disk hiccuped")

    calls, _read = _counting_first_snapshot(monkeypatch, before=fail_the_first)
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        assert await wait_until(pilot, lambda: "1 to practise today" in _summary(app))
        assert len(calls) == 2
