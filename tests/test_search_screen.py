"""The search screen under fast typing and many hits (issue #12): queries run in a worker, the
newest text wins, and only the first results are laid out, with a line saying how many more."""

from __future__ import annotations

import threading

from textual.widgets import Input, OptionList

from mentor_tui.inbox_rows import question_row
from mentor_tui.models import PracticeTask, Question
from mentor_tui.screens.search import MORE_ID, SHOWN, SearchScreen, live_index
from mentor_tui.search import SearchIndex
from mentor_tui.widgets.inbox_pane import InboxPane

from .conftest import wait_until, workers_settled


def status_text(app) -> str:
    return str(app.screen.query_one("#search-status").render())


def prompts(results: OptionList) -> list[str]:
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_a_word_typed_fast_lists_the_results_of_the_final_text_even_if_an_older_query_answers_last(
        make_app, store, monkeypatch):
    store.put_many([Question(text="closures capture names"), Question(text="class attributes"),
                    PracticeTask(title="cl: read about classes")])
    slow_started, release, cl_done = threading.Event(), threading.Event(), threading.Event()
    real_steps = SearchIndex.steps

    def steps(self, query, *args, **kwargs):
        if query == "cl":  # an older, slower query: it would answer after the final one
            slow_started.set()
            try:
                while not release.is_set():
                    yield None
                yield from real_steps(self, query, *args, **kwargs)
            finally:
                cl_done.set()
            return
        yield from real_steps(self, query, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "steps", steps)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        assert await wait_until(pilot, lambda: live_index(app).index is not None)
        await pilot.press("c", "l")
        assert await wait_until(pilot, slow_started.is_set)
        await pilot.press(*"osure")
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: app.screen.shown_query == "closure")
        # the slow "cl" query ends now; its three hits must not replace the final one
        release.set()
        assert await wait_until(pilot, cl_done.is_set)  # ended, or cancelled by the newer query
        await pilot.pause()
        assert app.screen.shown_query == "closure"
        assert results.option_count == 1 and "closures capture names" in prompts(results)[0]
        assert "1 result " in status_text(app)


async def test_many_hits_list_the_first_ones_and_a_line_says_how_many_more(make_app, store):
    store.put_many([Question(text=f"recursion question {n}") for n in range(SHOWN + 12)])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"recursion")
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: app.screen.shown_query == "recursion")
        assert results.option_count == SHOWN + 1
        last = results.get_option_at_index(SHOWN)
        assert last.id == MORE_ID and last.disabled
        assert "12 more results" in str(last.prompt)
        assert f"{SHOWN + 12} results (first {SHOWN} listed)" in status_text(app)
        # narrowing down drops the line
        await pilot.press("space", "4", "1")
        assert await wait_until(pilot, lambda: app.screen.shown_query == "recursion 41")
        assert results.option_count == 1 and "recursion question 41" in prompts(results)[0]


async def test_clearing_the_box_clears_the_list(make_app, store):
    store.put_many([Question(text="generators are lazy")])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"lazy")
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: results.option_count == 1)
        app.screen.query_one("#search-input", Input).value = ""
        assert await wait_until(pilot, lambda: app.screen.shown_query == "" and results.option_count == 0)
        assert "indexed" in status_text(app)


async def test_an_index_refresh_under_an_open_search_keeps_the_highlighted_result(make_app, store):
    from mentor_tui.models import Session

    store.put_many([Question(text=f"decorators question {n}") for n in range(6)])
    other = Session(topic="unrelated", notes="nothing here")
    store.put_many([other])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"decorators")
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: app.screen.shown_query == "decorators" and results.option_count == 6)
        await pilot.press("down", "down", "down")
        assert await wait_until(pilot, lambda: results.highlighted == 2)
        old = live_index(app).index
        store.update(Session, other.id, lambda s: s.model_copy(update={"notes": "still nothing"}))
        assert await wait_until(pilot, lambda: live_index(app).index is not old)
        assert await wait_until(pilot, lambda: not any(w.group == "search-query" and w.is_running
                                                       for w in app.workers))
        await pilot.pause()
        assert results.highlighted == 2


async def test_search_opened_right_after_start_and_after_a_tour_of_the_modes_lists_what_is_typed(
        make_app, store):
    """The first search of a session: ctrl+f at once after start, and again right after the
    learner went through every mode (which holds the background reads while each screen is
    built); a word typed at once lists its results, shown literally."""
    from mentor_tui.models import Session

    store.put_many([Question(text="closure [b]x[/b] in a loop"), Question(text="list[int] 🐍 closure"),
                    Session(topic="Closures", notes="a closure keeps its names"),
                    PracticeTask(title="unrelated")])
    app = make_app(search_prebuild_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"closure")
        assert isinstance(app.screen, SearchScreen)
        assert await wait_until(pilot, lambda: "3 results" in status_text(app))
        results = app.screen.query_one("#search-results", OptionList)
        shown = "\n".join(prompts(results))
        assert "closure [b]x[/b] in a loop" in shown and "list[int] 🐍 closure" in shown
        assert "Session · " in shown and "Closures" in shown
        await pilot.press("escape")
        for key in ("f3", "f4", "f5", "f2") * 2:
            await pilot.press(key)
        await pilot.press("ctrl+f", *"closure [b]")
        assert isinstance(app.screen, SearchScreen)
        assert await wait_until(pilot, lambda: "1 result " in status_text(app))
        results = app.screen.query_one("#search-results", OptionList)
        assert "closure [b]x[/b] in a loop" in prompts(results)[0]


async def test_the_index_prebuild_does_not_sleep_on_the_background_lock_while_a_screen_is_built(
        make_app, store, monkeypatch):
    """While a mode switch holds the background reads, the search prebuild sleeps; it must not
    keep the lock the screens' own reads wait for (After's practice list, History) meanwhile,
    and it still builds the index afterwards."""
    import asyncio

    from mentor_tui.models import Session
    from mentor_tui.store import pacing

    monkeypatch.setattr(pacing, "WORK_SLICE", 0.0)  # a pause after every session file
    store.put_many([Session(topic=f"topic {n}", notes="closure") for n in range(3)])
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.loaded)  # Before's own full read is done
        await workers_settled(app)
        app.hold_background(1.0)  # as while a switched-to screen is built
        live = live_index(app)
        live.ensure(background=True)
        await asyncio.sleep(0.2)  # the build has read a file and sleeps
        lock = app.background_reads
        assert await asyncio.to_thread(lock.acquire, timeout=0.5)  # a screen's read gets it
        lock.release()
        assert await wait_until(pilot, lambda: live.index is not None, timeout=10)
        assert len(live.index.search("closure")) == 3


async def test_the_index_built_at_start_shares_the_texts_of_befores_models(make_app, store, monkeypatch):
    """The start-up index, built before Before's full read has come (the first search must not
    wait for it), already holds the very strings the screens then show: the questions' rows
    and the sessions' models, read and kept by the store for them, not a second copy of five
    years of texts (~5 MB). Before's read is made slow here, so the index comes first."""
    from mentor_tui.models import Session
    from mentor_tui.screens import before

    store.put_many([Question(text=f"closure number {n}", answer=f"answer {n}") for n in range(5)]
                   + [Session(topic="Closures", notes="a closure keeps its names")])
    real = before.BeforeScreen._reload

    def slow_reload(self, background: bool = False) -> None:
        self.set_timer(0.6, lambda: real(self, background))

    monkeypatch.setattr(before.BeforeScreen, "_reload", slow_reload)
    app = make_app(search_prebuild_delay=0.05)

    def shared() -> bool:
        index = live_index(app).index
        kept = {q.id: q for q in store.all_kept(Question, question_row) or ()}
        sessions = store.all_kept(Session) or ()
        if index is None or not kept or not sessions:
            return False
        docs = [d for d in index.docs if d.kind == "question" and d.field in ("question", "answer")]
        notes = next(d for d in index.docs if d.kind == "session" and d.field == "notes")
        return len(docs) == 10 and notes.text is sessions[0].notes and all(
            d.text is (kept[d.record_id].text if d.field == "question" else kept[d.record_id].answer)
            for d in docs)

    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: live_index(app).index is not None)
        assert not app.screen.loaded  # Before has not read yet
        assert shared() and live_index(app).cache.copied == set()
        assert await wait_until(pilot, lambda: app.screen.loaded)
        assert shared() and live_index(app).cache.copied == set()
        await pilot.press("ctrl+f", *"closure number 3")
        assert await wait_until(pilot, lambda: "1 result " in status_text(app))


async def test_a_title_with_a_tab_stays_on_its_line_above_its_snippet(make_app, store):
    """Seen in tmux at 80x24: a question captured from the shell with a tab in it was listed with
    the tab in its title; the terminal jumped to its next tab stop and the title ran over the
    snippet line. Titles and snippets reach the screen with spaces for tabs."""
    store.put_many([Question(text="from the shell: ñandú 🦀\tend", answer="a tab\tin the answer")])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        assert await wait_until(pilot, lambda: live_index(app).index is not None)
        await pilot.press(*"ñandú")
        results = app.screen.query_one("#search-results", OptionList)
        assert await wait_until(pilot, lambda: results.option_count == 1)
        (shown,) = prompts(results)
        assert "\t" not in shown
        assert shown.splitlines() == ["Question · from the shell: ñandú 🦀 end",
                                      "question: from the shell: ñandú 🦀 end"]


async def test_search_opened_before_any_read_shares_what_the_screens_read_later(make_app, store, monkeypatch):
    """Search opened before Before's full read: the index is made from what the store reads and
    keeps for the screens (the questions' rows from the files' dumps, without validating five
    years of questions again, which made it wait ~0.3 s), and Before's read then finds them
    kept: one copy of every text."""
    from mentor_tui.models import Session
    from mentor_tui.screens import before

    store.put_many([Question(text=f"closure number {n}", answer=f"answer {n}") for n in range(5)]
                   + [Session(topic="Closures", notes="a closure keeps its names")])
    real = before.BeforeScreen._reload
    held: list[tuple] = []

    def held_reload(self, background: bool = False) -> None:  # until the search has answered
        if held is None:
            real(self, background)
        else:
            held.append((self, background))

    monkeypatch.setattr(before.BeforeScreen, "_reload", held_reload)
    app = make_app(search_prebuild_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"closure number 3")
        assert await wait_until(pilot, lambda: "1 result " in status_text(app))
        assert live_index(app).cache.copied == set()
        rows = store.all_kept(Question, question_row)
        waiting, held = held, None
        for screen, background in waiting:
            real(screen, background)
        assert await wait_until(pilot, lambda: screen.loaded)
        assert screen.query_one(InboxPane).questions[0] is rows[0]  # Before shows the same rows
        kept = {q.id: q for q in store.all_kept(Question, question_row)}
        docs = [d for d in live_index(app).index.docs if d.kind == "question" and d.field == "question"]
        assert len(docs) == 5 and all(d.text is kept[d.record_id].text for d in docs)
