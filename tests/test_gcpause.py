"""The collector pause around start-up (``mentor_tui.gcpause``)."""

from __future__ import annotations

import gc

import pytest

from mentor_tui import gcpause

from .conftest import wait_until


@pytest.fixture(autouse=True)
def _collector_restored(monkeypatch):
    """A test that pauses the collector as the command line does would leave this test
    process's collector "managed" (``quiet`` would then turn it off in later tests)."""
    monkeypatch.setattr(gcpause, "_managed", False)
    monkeypatch.setattr(gcpause, "_paused", False)
    monkeypatch.setattr(gcpause, "_frozen_at_keep", 0)
    yield
    gc.unfreeze()
    gc.enable()


def test_pause_then_resume_freezes_start_up_objects_and_turns_collection_back_on():
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    gcpause.pause()
    assert not gc.isenabled()
    gcpause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before


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


def test_quiet_changes_nothing_where_the_command_line_does_not_manage_the_collector():
    with gcpause.quiet():
        assert gc.isenabled()
    assert gc.isenabled()


def test_quiet_turns_collection_off_for_a_block_and_back_on_after():
    gcpause.pause()
    gcpause.resume()
    with gcpause.quiet():
        assert not gc.isenabled()
        with gcpause.quiet():  # another block at the same time (Search opened twice)
            pass
        assert not gc.isenabled()  # still the outer block's
    assert gc.isenabled()


def test_quiet_during_the_start_up_pause_leaves_the_collector_to_resume():
    gcpause.pause()
    with gcpause.quiet():
        assert not gc.isenabled()
    assert not gc.isenabled()  # still paused: the first screen is not painted yet
    with gcpause.quiet():
        gcpause.resume()  # the first paint, in the middle of a block
        assert not gc.isenabled()
    assert gc.isenabled()


def test_search_keeps_full_collections_out_of_the_wait_for_its_first_answer(tmp_path):
    """Started as the command line starts it: from ctrl+f until the first results are on the
    screen the collector waits (a full pass took 50-150 ms at five years), then it is back on;
    closing Search before any answer turns it back on too."""
    import asyncio

    from mentor_tui.app import make_app
    from mentor_tui.inbox_rows import question_row
    from mentor_tui.models import Question
    from mentor_tui.store import Store

    store = Store(tmp_path).open()
    store.put_many([Question(text=f"question {n} about closures") for n in range(20)])

    async def run() -> None:
        app = make_app(store=store, search_prebuild_delay=None, preload_delay=None)
        gcpause.pause()
        async with app.run_test(size=(120, 40)) as pilot:
            assert await wait_until(pilot, gc.isenabled)  # the first paint
            await pilot.press("ctrl+f")
            assert not gc.isenabled()
            await pilot.press(*"closure")
            assert await wait_until(pilot, lambda: "20 results" in str(
                app.screen.query_one("#search-status").render()))
            assert await wait_until(pilot, gc.isenabled)
            await pilot.press("escape", "ctrl+f")
            assert not gc.isenabled()
            await pilot.press("escape")
            assert gc.isenabled()

    asyncio.run(run())


def test_keep_freezes_what_a_read_built_and_leaves_the_collector_on():
    gcpause.pause()
    gcpause.resume()
    kept = [[n] for n in range(10_000)]  # records a screen keeps (containers the collector tracks)
    assert gcpause.keep() is True
    assert gc.isenabled()
    walked = {id(o) for g in (0, 1, 2) for o in gc.get_objects(generation=g)}
    assert not any(id(k) in walked for k in kept)  # frozen: no pass of the collector walks them


def test_keep_frees_garbage_cycles_even_those_an_earlier_call_froze():
    """A screen alive at one call and closed later is a garbage cycle in the frozen generation:
    the next call frees it (an earlier version kept every closed History screen for good)."""
    import weakref

    gcpause.pause()
    gcpause.resume()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    gone = weakref.ref(a)
    gcpause.keep()  # alive now: frozen
    del a, b  # closed: garbage, but frozen
    gc.collect()
    assert gone() is not None  # the collector's own passes never look at frozen objects
    gcpause.keep()
    assert gone() is None


def test_keep_waits_out_a_quiet_block():
    gcpause.pause()
    gcpause.resume()
    with gcpause.quiet():
        assert gcpause.keep() is False
    assert gcpause.keep() is True


def test_keep_does_nothing_unless_the_command_line_manages_the_collector():
    frozen = gc.get_freeze_count()
    kept = [[n] for n in range(1000)]
    assert gcpause.keep() is False
    assert gc.get_freeze_count() == frozen and kept


def test_keep_does_nothing_during_the_start_up_pause():
    gcpause.pause()
    frozen = gc.get_freeze_count()
    gcpause.keep()
    assert gc.get_freeze_count() == frozen and not gc.isenabled()


def test_the_app_freezes_what_a_full_read_built(tmp_path):
    """Started as the command line starts it, the records a screen reads in full are frozen
    once read: the collector's full passes (50-100 ms each at five years, measured inside
    Textual's Strip() during a mode's first visit) do not walk them again. Here the read that
    follows another process's write, long after start-up's own freeze."""
    import asyncio

    from mentor_tui.app import make_app
    from mentor_tui.inbox_rows import question_row
    from mentor_tui.models import Question
    from mentor_tui.store import Store

    store = Store(tmp_path).open()
    store.put_many([Question(text=f"question {n}") for n in range(300)])

    async def run() -> None:
        app = make_app(store=store, search_prebuild_delay=None, preload_delay=None)
        gcpause.pause()
        async with app.run_test(size=(120, 40)) as pilot:
            assert await wait_until(pilot, lambda: app.screen.loaded and gc.isenabled())
            Store(tmp_path).open().add(Question(text="from the shell"))  # `mentor-tui ask`
            assert await wait_until(pilot, lambda: len(store.all_kept(Question, question_row) or ()) == 301)
            await pilot.pause(0.2)
            young = {id(o) for g in (0, 1, 2) for o in gc.get_objects(generation=g)}
            kept = store.all_kept(Question, question_row)  # the screens' rows
            assert not any(id(q) in young for q in kept)  # every kept row is frozen

    asyncio.run(run())


def test_screens_closed_across_reloads_are_freed(tmp_path):
    """History opened and closed while the data changes (each change is a full read, and each
    read ends in ``keep``): the closed screens are freed, not kept by a freeze."""
    import asyncio
    import weakref

    from mentor_tui.app import make_app
    from mentor_tui.inbox_rows import question_row
    from mentor_tui.models import Question
    from mentor_tui.store import Store

    store = Store(tmp_path).open()
    store.put_many([Question(text=f"question {n}") for n in range(50)])

    async def run() -> None:
        app = make_app(store=store, search_prebuild_delay=None, preload_delay=None)
        gcpause.pause()
        closed = []
        async with app.run_test(size=(120, 40)) as pilot:
            assert await wait_until(pilot, lambda: app.screen.loaded and gc.isenabled())
            for i in range(4):
                await pilot.press("f6")
                await pilot.pause(0.2)
                closed.append(weakref.ref(app.screen))
                await pilot.press("escape")
                Store(tmp_path).open().add(Question(text=f"from the shell {i}"))
                assert await wait_until(pilot, lambda: len(store.all_kept(Question, question_row) or ()) == 51 + i)
                await pilot.pause(0.3)
            assert await wait_until(pilot, lambda: sum(r() is not None for r in closed) <= 1)
            # (the last may still wait for the next read's collection)

    asyncio.run(run())


async def test_the_pass_after_a_read_waits_until_the_learner_is_idle(make_app, monkeypatch):
    import threading
    import time

    import mentor_tui.app as app_module

    monkeypatch.setattr(app_module, "IDLE_FOR_GC", 0.4)
    ran: list[float] = []  # the calls made here (the app's own reads call it from workers)
    monkeypatch.setattr(gcpause, "keep", lambda **_kw: threading.current_thread().name == "keep-test"
                        and ran.append(time.monotonic()))
    app = make_app(search_prebuild_delay=None)
    async with app.run_test() as pilot:
        app.input_arrived()  # a key, from the terminal driver's thread
        typed = time.monotonic()
        thread = threading.Thread(target=app._keep_when_quiet, name="keep-test")
        thread.start()
        await pilot.pause(0.2)
        assert ran == []  # keys came a moment ago
        assert await wait_until(pilot, lambda: ran)
        assert ran[0] - typed >= 0.4
        thread.join(2)


def test_freeze_young_freezes_at_once_and_the_next_keep_frees_the_garbage_it_froze():
    """After a mode's screen is painted: what exists is frozen without a pass (no collector
    pass walks the screen and its records again), and garbage frozen with it is freed by the
    next ``keep`` (the app runs one once the learner is idle)."""
    import weakref

    gcpause.pause()
    gcpause.resume()

    class Node:
        pass

    kept = [[n] for n in range(gcpause.KEEP_AFTER_FROZEN + 1_000)]  # a mode's first visit
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b  # garbage already, but no pass has run since
    assert not gcpause.keep_due()
    assert gcpause.freeze_young() is True
    walked = {id(o) for g in (0, 1, 2) for o in gc.get_objects(generation=g)}
    assert not any(id(k) in walked for k in kept)
    gc.collect()
    assert gone() is not None  # frozen with the rest: the automatic passes never see it
    assert gcpause.keep_due()
    gcpause.keep()
    assert gone() is None
    assert not gcpause.keep_due()


def test_freeze_young_does_nothing_unless_the_command_line_manages_the_collector():
    frozen = gc.get_freeze_count()
    assert gcpause.freeze_young() is False
    assert gc.get_freeze_count() == frozen
    assert not gcpause.keep_due()


def test_a_few_objects_frozen_do_not_make_a_keep_due():
    """A return visit freezes a few thousand objects: not worth a pass over the whole heap
    (a key pressed then would wait for it); their garbage waits for the next due one."""
    gcpause.pause()
    gcpause.resume()
    kept = [[n] for n in range(100)]
    assert gcpause.freeze_young() is True
    assert not gcpause.keep_due()
    more = [[n] for n in range(gcpause.KEEP_AFTER_FROZEN + 100)]
    gcpause.freeze_young()
    assert gcpause.keep_due()
    assert kept and more


async def test_a_mode_switch_freezes_once_painted_and_frees_the_garbage_once_idle(make_app, monkeypatch):
    import weakref

    import mentor_tui.app as app_module

    monkeypatch.setattr(app_module, "IDLE_FOR_GC", 0.3)
    monkeypatch.setattr(gcpause, "KEEP_AFTER_FROZEN", 0)  # the test's data is small
    app = make_app(search_prebuild_delay=None, preload_delay=None)
    gcpause.pause()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, gc.isenabled)  # resumed after the first screen

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        frozen = gc.get_freeze_count()
        app.input_arrived()  # the key
        await pilot.press("f3")
        assert await wait_until(pilot, lambda: gc.get_freeze_count() > frozen)  # once painted
        # Once the learner is idle (IDLE_FOR_GC after the key), the pass frees what was frozen.
        assert await wait_until(pilot, lambda: gone() is None, timeout=5.0)


def test_a_caller_that_waited_skips_its_pass_if_another_ran_meanwhile():
    """After a tour at five years three callers (Before's read, After's, the idle keep) each
    ran a whole pass once the learner was idle, in a row (~600 ms with the GIL held)."""
    gcpause.pause()
    gcpause.resume()
    first, second = gcpause.keeps(), gcpause.keeps()  # two callers start waiting
    assert gcpause.keep(unless_after=first) is True
    assert gcpause.keep(unless_after=second) is False  # the first one's pass covered it
    assert gcpause.keep(unless_after=gcpause.keeps()) is True


async def test_history_shown_for_a_moment_is_not_frozen_and_is_freed_soon_after_esc(make_app, monkeypatch):
    """History lives only until Esc. Frozen once painted (as a mode's screen is), it stayed in
    memory after Esc until the learner had been idle 2 s; going in and out of it piled them up
    (10 rounds of F6, Esc at five years: RSS 86 -> 126 MB)."""
    import weakref

    import mentor_tui.app as app_module
    from mentor_tui.screens.history import HistoryScreen

    monkeypatch.setattr(app_module, "IDLE_FOR_GC", 60.0)  # no idle pass in this test
    app = make_app(search_prebuild_delay=None, preload_delay=None)
    gcpause.pause()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, gc.isenabled)  # resumed after the first screen
        app.input_arrived()  # the key (the terminal driver calls it; Pilot does not)
        await pilot.press("f6")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = weakref.ref(app.screen)
        await pilot.pause(0.3)  # painted
        assert any(o is history() for o in gc.get_objects())  # the collector still sees it
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, HistoryScreen))

        def freed() -> bool:
            gc.collect()  # what the collector's own passes do soon after
            return history() is None

        assert await wait_until(pilot, freed)
