"""After's first view: the practice list and its summary line come first, right and whole, from
the summary; the practice log and the review cards follow, and until they are read the panes say
so instead of showing a wrong number. Nor does the first view wait in the store lane."""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mentor_tui import after_data
from mentor_tui.live_session import add_cards
from mentor_tui.models import PracticeLog, PracticeTask, Question, ReviewCard
from mentor_tui.review import new_card
from mentor_tui.review_cards import suspend_card
from mentor_tui.screens.after import AfterScreen
from mentor_tui.store import Store

from .conftest import hold_reads, wait_until
from .test_after import T0, Clock, ended_session, prompts, text_of


def practice_data(store) -> None:
    """An ended session with two takeaways (two cards, one suspended, one due), a task due
    today with 25 minutes logged on it."""
    session = ended_session(store)
    cards = add_cards(store, session, session.ended_at)
    suspend_card(store, cards[0].id)
    task = store.add(PracticeTask(title="gather three URLs", kind="core", session_id=session.id,
                                  due_at=T0 + timedelta(hours=2)))
    store.put_many([PracticeLog(task_id=task.id, day=T0.date(), minutes=15),
                    PracticeLog(task_id=task.id, day=T0.date(), minutes=10)])


def after_shown(app) -> bool:
    return isinstance(app.screen, AfterScreen) and "to practise today" in text_of(app.screen, "#practice-summary")


async def test_the_list_and_its_line_come_before_logs_and_cards_and_nothing_wrong_shows(make_app, store):
    practice_data(store)
    release = hold_reads(store, PracticeLog, ReviewCard, Question)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await pilot.press("f4")
            assert await wait_until(pilot, lambda: after_shown(app))
            screen = app.screen
            assert "gather three URLs" in " ".join(prompts(screen))
            line = text_of(screen, "#practice-summary")
            # the summary line is whole and right at once: the due card counted from the summary
            assert "Last session: Async basics" in line
            assert "1 to practise today" in line
            assert "1 card to review (r)" in line
            # the minutes are being read: never "0 min logged" meanwhile
            detail = text_of(screen, "#task-detail")
            assert "reading the practice log" in detail
            assert "min logged" not in detail
            await pilot.press("r")
            await pilot.pause(0.1)
            assert "Reading the review cards" in text_of(screen, "#review-status")
            assert "Nothing to review" not in text_of(screen, "#review-status")
            await pilot.press("v")  # show the answer: of no card yet, and nothing else said
            await pilot.pause(0.1)
            assert "Reading the review cards" in text_of(screen, "#review-status")
            assert "No review cards yet" not in text_of(screen, "#review-status")
            await pilot.press("o")
            await pilot.pause(0.1)
            assert "Reading your practice history" in text_of(screen, "#progress-view")
            await pilot.press("t")
        finally:
            release.set()
        assert await wait_until(pilot, lambda: "25 min logged" in text_of(screen, "#task-detail"))
        assert text_of(screen, "#practice-summary") == line  # the same line once the cards are read
        await pilot.press("r")
        assert await wait_until(pilot, lambda: "1 card to review" in text_of(screen, "#review-status"))
        assert "press v to see the answer" in text_of(screen, "#review-card")  # v came before it
        assert await wait_until(pilot, lambda: screen.loaded)
        await pilot.press("o")
        assert await wait_until(pilot, lambda: "Reading" not in text_of(screen, "#progress-view"))


async def test_the_first_view_does_not_wait_behind_the_store_lane(make_app, store):
    """Another screen's slow read queued in the store lane (During's, when F4 follows F3 at once)
    does not hold After's practice list back."""
    practice_data(store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        lane_free = threading.Event()
        app.run_store(lambda: lane_free.wait(10), refresh=False)
        try:
            await pilot.press("f4")
            assert await wait_until(pilot, lambda: after_shown(app))
            assert "gather three URLs" in " ".join(prompts(app.screen))
            assert not lane_free.is_set()
        finally:
            lane_free.set()
        assert await wait_until(pilot, lambda: "25 min logged" in text_of(app.screen, "#task-detail"))


@settings(max_examples=30, deadline=None)
@given(cards=st.lists(st.tuples(st.integers(-10**7, 10**7), st.integers(0, 999_999), st.booleans()), max_size=12),
       at=st.integers(-10**7, 10**7), on_a_due_time=st.booleans())
def test_the_due_count_from_the_summary_is_the_count_from_the_cards(cards, at, on_a_due_time):
    """The summary line counts due cards from the summary before the cards are read, and from
    the cards after: the same number, to the microsecond (a card due exactly now is due)."""
    with tempfile.TemporaryDirectory() as root:
        store = Store(root).open()
        made = [new_card(f"takeaway {i}", None, T0 + timedelta(seconds=s, microseconds=us))
                .model_copy(update={"suspended": suspended}) for i, (s, us, suspended) in enumerate(cards)]
        store.put_many(made)
        now = made[0].due_at if made and on_a_due_time else T0 + timedelta(seconds=at)
        first = after_data.first_snapshot(store)
        assert first.cards is None  # counted from the summary
        read = after_data.with_records(first, after_data.practice_records(store))
        expected = sum(1 for c in made if c.due_at <= now and not c.suspended)
        assert after_data.cards_due(first, now) == after_data.cards_due(read, now) == expected


async def test_what_is_read_while_after_is_hidden_is_shown_on_return(make_app, store):
    """Left before its full read came in (F4, then F2 at once), After shows that read when the
    learner comes back: the finished tasks and Progress, not the first view's open tasks only."""
    practice_data(store)
    store.add(PracticeTask(title="an old finished one", kind="core", status="done", done_at=T0))
    release = hold_reads(store, Question)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await pilot.press("f4")
            assert await wait_until(pilot, lambda: after_shown(app))
            screen = app.screen
            await pilot.press("f2")
            assert await wait_until(pilot, lambda: app.screen is not screen)
        finally:
            release.set()
        assert await wait_until(pilot, lambda: screen.loaded)
        await pilot.press("f4")
        assert await wait_until(pilot, lambda: app.screen is screen)
        assert await wait_until(pilot, lambda: "an old finished one" in " ".join(prompts(screen)))
        await pilot.press("o")
        assert await wait_until(pilot, lambda: "Practice minutes per day" in text_of(screen, "#progress-view"))
