"""The After mode driven as a learner drives it: keys in, store read back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler
from textual.widgets import OptionList, Static

from mentor_tui.models import Entry, PracticeLog, PracticeTask, ReviewCard, Session
from mentor_tui import practice as P
from mentor_tui.review import new_card
from mentor_tui.screens.after import AfterScreen
from mentor_tui.dialogs.modals import TextPrompt
from mentor_tui.dialogs.practice import PlanDialog, SessionPicker
from .conftest import hold_question_reads, wait_until, workers_settled

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
TAKEAWAYS = ["await only works inside async def", "asyncio.gather runs coroutines together"]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def plan_dialog_ready(app) -> bool:
    """The plan dialog is on screen with its fields composed (pushing it is not enough)."""
    return isinstance(app.screen, PlanDialog) and bool(app.screen.query("#source-stretch"))



def ended_session(store, **kw) -> Session:
    fields = dict(topic="Async basics", mentor="Ana", status="ended",
                  started_at=T0 - timedelta(hours=3), ended_at=T0 - timedelta(hours=2),
                  takeaways=TAKEAWAYS)
    fields.update(kw)
    return store.add(Session(**fields))


async def open_after(app, pilot) -> AfterScreen:
    await pilot.press("f4")
    assert await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen) and app.screen.loaded)
    return app.screen


def text_of(screen, selector) -> str:
    return str(screen.query_one(selector, Static).render())


def prompts(screen) -> list[str]:
    options = screen.query_one("#task-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_full_loop_plan_timer_restart_log(make_app, store):
    session = ended_session(store)
    clock = Clock()

    # 1. a session with two takeaways becomes three tasks of three kinds
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        assert "Async basics" in text_of(screen, "#practice-summary")
        assert "2 hours ago" in text_of(screen, "#practice-summary")
        await pilot.press("p")
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: len(store.all(PracticeTask)) == 3)
        tasks = store.all(PracticeTask)
        assert sorted(t.kind for t in tasks) == ["core", "stretch", "warmup"]
        assert all(t.session_id == session.id for t in tasks)
        assert {t.source for t in tasks} == set(TAKEAWAYS)
        # the warm-up is due within hours, so "today" right after the call; the others tomorrow
        assert {t.kind: t.due_at for t in tasks} == {
            "warmup": T0 + timedelta(hours=12), "core": T0 + timedelta(hours=24),
            "stretch": T0 + timedelta(hours=24)}
        assert await wait_until(pilot, lambda: "1 to practise today" in text_of(screen, "#practice-summary"))
        assert "warm-up: 12 h left today" in text_of(screen, "#practice-summary")
        # takeaways became review cards
        assert sorted(c.text for c in store.all(ReviewCard)) == sorted(TAKEAWAYS)

        # 2. warm-up first; start its timer
        assert await wait_until(pilot, lambda: len(prompts(screen)) == 3)
        assert "warm-up" in prompts(screen)[0]
        await pilot.press("space")
        warmup = next(t for t in tasks if t.kind == "warmup")
        assert await wait_until(pilot, lambda: store.get(PracticeTask, warmup.id).timer_started_at == T0)
        assert store.get(PracticeTask, warmup.id).status == "doing"
        await pilot.press("ctrl+q")

    # 3. a new app on the same store, 25 minutes later: the timer is still running
    clock.at = T0 + timedelta(minutes=25)
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        assert await wait_until(pilot, lambda: "25:00" in text_of(screen, "#timer-line"))
        assert "timer running" in prompts(screen)[0]
        # switching modes does not stop it
        await pilot.press("f2")
        await pilot.press("f4")
        await pilot.pause(0.1)
        assert store.get(PracticeTask, warmup.id).timer_started_at == T0

        # 4. stop it: a log of 25 minutes, with the note typed after
        await pilot.press("space")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"wrote a tiny gather script", "enter")
        assert await wait_until(pilot, lambda: any(lg.note for lg in store.all(PracticeLog)))
        (log,) = store.all(PracticeLog)
        assert log.task_id == warmup.id and log.minutes == 25.0
        assert log.note == "wrote a tiny gather script" and log.day == T0.astimezone().date()
        assert store.get(PracticeTask, warmup.id).timer_started_at is None


async def test_review_card_moves_as_fsrs_says(make_app, store):
    session = ended_session(store, takeaways=[TAKEAWAYS[0]])
    card = store.add(new_card(TAKEAWAYS[0], session.id, T0 - timedelta(hours=1)))
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        await pilot.press("r")
        assert "1 card to review" in text_of(screen, "#review-status")
        assert TAKEAWAYS[0] not in text_of(screen, "#review-card")  # recall first
        await pilot.press("v")
        assert TAKEAWAYS[0] in text_of(screen, "#review-card")
        help_text = text_of(screen, "#review-help")  # the ratings show once the answer is seen
        assert "Again: I forgot it" in help_text and "Hard: I remembered, with effort" in help_text
        await pilot.press("3")  # Good
        assert await wait_until(pilot, lambda: store.get(ReviewCard, card.id).reviews == 1)

    stored = store.get(ReviewCard, card.id)
    expected, _ = Scheduler(enable_fuzzing=False).review_card(Card.from_dict(card.card), Rating.Good, T0)
    assert stored.last_rating == "good"
    assert stored.due_at == expected.due and stored.due_at > T0
    assert Card.from_dict(stored.card).to_dict() == expected.to_dict()


async def test_again_means_forgot_and_comes_back_soonest(make_app, store):
    cards = [store.add(new_card(f"takeaway {i}", None, T0 - timedelta(hours=1))) for i in range(2)]
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        await pilot.press("r", "v", "1")
        assert await wait_until(pilot, lambda: sum(c.reviews for c in store.all(ReviewCard)) == 1)
        assert await wait_until(pilot, lambda: "1 card to review" in text_of(screen, "#review-status"))
        await pilot.press("v", "4")
        assert await wait_until(pilot, lambda: sum(c.reviews for c in store.all(ReviewCard)) == 2)
    again, easy = (store.get(ReviewCard, c.id) for c in cards)
    assert again.last_rating == "again" and easy.last_rating == "easy"
    assert again.due_at < easy.due_at


async def test_plan_from_session_is_callable_after_switching_mode(make_app, store):
    older = ended_session(store, topic="Loops", ended_at=T0 - timedelta(days=3),
                          started_at=T0 - timedelta(days=3, hours=1))
    session = ended_session(store, takeaways=["one takeaway only"],
                            notes="- first note line\n- second note line\n")
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("after")
        app.screen.plan_from_session(session.id)
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))
        dialog = app.screen
        assert [ln.kind for ln in dialog.lines] == ["takeaway", "note", "note"]
        # pick a note line as the stretch task's source: its title is redrafted
        from textual.widgets import Input, Select

        # The Select composes its shown value a turn later; under load, wait for it to be there.
        assert await wait_until(pilot, lambda: bool(dialog.query("#source-stretch SelectCurrent #label")))
        dialog.query_one("#source-stretch", Select).value = 2
        await pilot.pause()
        assert "second note line" in dialog.query_one("#title-stretch", Input).value
        dialog.query_one("#title-core", Input).value = ""  # skip the core task
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: len(store.all(PracticeTask)) == 2)
        by_kind = {t.kind: t for t in store.all(PracticeTask)}
        assert set(by_kind) == {"warmup", "stretch"}
        assert by_kind["stretch"].source == "second note line"

        # with two ended sessions, p asks which one
        await pilot.press("p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SessionPicker))
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == older.id  # not planned yet: offered first
        await pilot.press("escape")


async def test_overdue_shown_plainly_and_warmups_first(make_app, store):
    session = ended_session(store, ended_at=T0 - timedelta(days=3), started_at=T0 - timedelta(days=3, hours=1))
    store.put_many([
        PracticeTask(title="core thing", kind="core", session_id=session.id, due_at=T0 - timedelta(days=2)),
        PracticeTask(title="stretch thing", kind="stretch", session_id=session.id, due_at=T0 + timedelta(days=3)),
        PracticeTask(title="warm thing", kind="warmup", session_id=session.id, due_at=T0 + timedelta(hours=1)),
    ])
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        summary = text_of(screen, "#practice-summary")
        assert "3 days ago" in summary and "2 to practise today (1 overdue: core)" in summary
        listed = prompts(screen)
        assert "warm thing" in listed[0] and "core thing" in listed[1] and "stretch thing" in listed[2]
        assert "2 days overdue" in listed[1] and "due in 3 days" in listed[2]


async def test_done_drop_and_manual_log(make_app, store):
    tasks = [PracticeTask(title=f"task {k}", kind=k, due_at=T0) for k in ("warmup", "core", "stretch")]
    store.put_many(tasks)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        await pilot.press("l")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"1h30 read the asyncio docs", "enter")
        assert await wait_until(pilot, lambda: store.all(PracticeLog))
        (log,) = store.all(PracticeLog)
        assert log.minutes == 90 and log.note == "read the asyncio docs" and log.task_id == tasks[0].id
        await pilot.press("d")
        assert await wait_until(pilot, lambda: store.get(PracticeTask, tasks[0].id).status == "done")
        assert await wait_until(pilot, lambda: "task core" in prompts(screen)[0])
        await pilot.press("x")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"already know it", "enter")
        assert await wait_until(pilot, lambda: store.get(PracticeTask, tasks[1].id).status == "dropped")
        assert store.get(PracticeTask, tasks[1].id).drop_reason == "already know it"
        await pilot.press("o")
        assert await wait_until(pilot, lambda: "1 warm-ups" in str(screen.query_one("#progress-view").render()))
        view = str(screen.query_one("#progress-view").render())
        assert "Streak       1 day" in view and "1 h 30 min" in view


async def test_empty_after_screen_says_what_to_press(make_app):
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        assert "press p" in text_of(screen, "#practice-empty")
        await pilot.press("p")  # no ended session: a plain message, no dialog
        await pilot.pause()
        assert app.screen is screen


async def test_plan_from_session_before_the_screen_is_mounted(make_app, store):
    session = ended_session(store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("after")  # not awaited, as a caller in a hurry would
        app.screen.plan_from_session(session.id)
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: len(store.all(PracticeTask)) == 3)


async def test_after_loading_writes_nothing_cards_come_from_the_end_of_a_session(make_app, store):
    """Loading After is read-only (it used to make cards, racing other workers); a session that
    ends makes its cards, one per takeaway. A session ended by an older version gets its cards once
    at start (``review_cards.catch_up``, in the store lane), before and apart from any screen."""
    from mentor_tui import live_session as ls

    ended_session(store, takeaways=[])  # nothing to catch up: After alone would have to write
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_settled(app)
        screen = await open_after(app, pilot)
        screen.reload()
        await workers_settled(app)
        await pilot.press("r")
        assert "No review cards yet" in text_of(screen, "#review-status")
    assert store.all(ReviewCard) == []

    live = store.add(Session(topic="Git", status="live", started_at=T0,
                             entries=[Entry(kind="mistake", text="pushed to main", lesson="branch first"),
                                      Entry(kind="insight", text="rebase rewrites history")]))
    keys = ["entry:" + e.id for e in live.entries]
    ls.end_session(store, live.id, T0, takeaway_keys=keys, own_takeaways=["small commits"])
    cards = store.all(ReviewCard)
    assert len(cards) == 3 and all(c.session_id == live.id for c in cards)


async def review_one(make_app, store, clock=None):
    session = ended_session(store, takeaways=[TAKEAWAYS[0]])
    card = store.add(new_card(TAKEAWAYS[0], session.id, T0 - timedelta(hours=1)))
    return session, card


async def test_rating_needs_the_answer_revealed_first(make_app, store):
    _session, card = await review_one(make_app, store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        await pilot.press("r")
        assert await wait_until(pilot, lambda: "1 card to review" in text_of(screen, "#review-status"))
        await pilot.press("4")  # Easy, unseen: refused
        await pilot.pause(0.2)
        await workers_settled(app)
        assert store.get(ReviewCard, card.id).reviews == 0
        assert any("Reveal the answer first" in str(n.message) for n in app._notifications)
        await pilot.press("v", "4")
        assert await wait_until(pilot, lambda: store.get(ReviewCard, card.id).reviews == 1)
        assert store.get(ReviewCard, card.id).last_rating == "easy"


async def test_edit_suspend_and_delete_a_card_from_the_review_tab(make_app, store):
    from mentor_tui.dialogs.modals import Confirm
    from mentor_tui.dialogs.practice import CardEditor

    session, card = await review_one(make_app, store)
    other = store.add(new_card("[b]second[/b] takeaway", session.id, T0 - timedelta(minutes=30)))
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        await pilot.press("r")
        assert await wait_until(pilot, lambda: "2 cards to review" in text_of(screen, "#review-status"))
        # edit: front and back
        await pilot.press("e")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CardEditor))
        app.screen.query_one("#card-front").load_text("Where does await work?")
        app.screen.query_one("#card-back").load_text("Only inside async def")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: store.get(ReviewCard, card.id).front == "Where does await work?")
        assert store.get(ReviewCard, card.id).back == "Only inside async def"
        assert await wait_until(pilot, lambda: "Where does await work?" in text_of(screen, "#review-card"))
        assert "Only inside async def" not in text_of(screen, "#review-card")
        await pilot.press("v")
        shown = text_of(screen, "#review-card")
        assert "Only inside async def" in shown and "Async basics" in shown and "Ana" in shown
        # suspend: gone from review, history kept
        await pilot.press("s")
        assert await wait_until(pilot, lambda: store.get(ReviewCard, card.id).suspended)
        assert await wait_until(pilot, lambda: "1 card to review" in text_of(screen, "#review-status"))
        # delete the other after confirming; its text with brackets was shown literally
        assert "[b]second[/b]" in text_of(screen, "#review-card") or "second" in text_of(screen, "#review-card")
        await pilot.press("x")
        assert await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        assert await wait_until(pilot, lambda: store.get(ReviewCard, other.id) is None)
        assert await wait_until(pilot, lambda: "1 suspended" in text_of(screen, "#review-status"))


async def test_done_while_the_timer_runs_logs_the_time(make_app, store):
    task = store.add(PracticeTask(title="only task", kind="core", due_at=T0))
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(app, pilot)
        await pilot.press("space")
        assert await wait_until(pilot, lambda: store.get(PracticeTask, task.id).timer_started_at == T0)
        clock.at = T0 + timedelta(minutes=10)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: store.get(PracticeTask, task.id).status == "done")
        assert await wait_until(pilot, lambda: store.all(PracticeLog))
    (log,) = store.all(PracticeLog)
    assert log.minutes == 10 and log.task_id == task.id
    done = store.get(PracticeTask, task.id)
    assert done.timer_started_at is None and done.done_at == T0 + timedelta(minutes=10)


async def test_palette_offers_the_after_actions(make_app, store):
    ended_session(store)
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        titles = [c[0] for c in screen.palette_commands()]
        assert "Plan practice from a session" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"Plan practice", "enter")
        assert await wait_until(pilot, lambda: plan_dialog_ready(app))


async def test_a_warmup_made_late_at_night_stays_due_today_past_midnight(make_app, store):
    """The first day counts as today whatever the clock says at midnight; then it is overdue."""
    late = datetime.now().astimezone().replace(hour=22, minute=0, second=0, microsecond=0)
    clock = Clock(late.astimezone(timezone.utc))
    (warmup,) = P.make_tasks(None, [P.Draft("warmup", "Warm-up: try it", "x")], clock.at, 24)
    store.add(warmup)
    app = make_app(clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        assert "1 to practise today" in text_of(screen, "#practice-summary")
        assert "warm-up: 12 h left today" in text_of(screen, "#practice-summary")
        clock.at = late.astimezone(timezone.utc) + timedelta(hours=3)  # 01:00, the next calendar day
        screen.reload()
        assert await wait_until(pilot, lambda: "9 h left today" in text_of(screen, "#practice-summary"))
        assert "1 to practise today" in text_of(screen, "#practice-summary")
        clock.at = late.astimezone(timezone.utc) + timedelta(hours=13)
        screen.reload()
        assert await wait_until(pilot, lambda: "(1 overdue: warm-up)" in text_of(screen, "#practice-summary"))
        assert "overdue by 1 h" in prompts(screen)[0]


async def test_practice_list_shows_open_tasks_before_every_record_is_read(make_app, store):
    """Issue #12: the open tasks (from the summary) are listed while five years of questions are
    still being read for Progress (here: held back); done tasks join once everything is read."""
    session = ended_session(store)
    store.add(PracticeTask(title="open one", session_id=session.id, due_at=T0 + timedelta(hours=4)))
    store.add(PracticeTask(title="done one", session_id=session.id, status="done", done_at=T0))
    store.summary()
    release = hold_question_reads(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await pilot.press("f4")
            assert await wait_until(pilot, lambda: isinstance(app.screen, AfterScreen)
                                    and "open one" in " ".join(prompts(app.screen)))
            assert "done one" not in " ".join(prompts(app.screen))
            assert not app.screen.loaded
            assert "From: " in text_of(app.screen, "#task-detail")  # its session was read too
        finally:
            release.set()
        assert await wait_until(pilot, lambda: app.screen.loaded
                                and "done one" in " ".join(prompts(app.screen)))


async def test_older_finished_tasks_are_counted_not_listed(make_app, store):
    """Five years leave ~950 finished tasks: the list shows the open ones and the newest
    finished (``practice.FINISHED_LISTED``), and counts the rest on a line of its own."""
    store.put_many([PracticeTask(title="still to do", due_at=T0 + timedelta(days=1))]
                   + [PracticeTask(title=f"done {n}", status="done", done_at=T0 - timedelta(hours=n))
                      for n in range(P.FINISHED_LISTED + 7)])
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        shown = prompts(screen)
        assert len(shown) == 1 + P.FINISHED_LISTED
        assert "still to do" in shown[0] and "done 0 " in shown[1] and "done 49 " in shown[-1]
        options = screen.query_one("#task-list", OptionList)
        assert str(options.border_subtitle) == "7 older finished tasks not listed: ctrl+f finds them"
        assert "7 older finished tasks not listed" in "".join(
            strip.text for strip in screen._compositor.render_strips())  # in view


async def test_minutes_logged_are_summed_and_no_log_is_kept(make_app, store):
    """A task's detail says the minutes logged on it. The logs are summed up as they are read and
    kept by neither the screen nor the store: nothing shows them one by one, and five years of
    them were ~1.2 MB of models held for the rest of the run."""
    task = store.add(PracticeTask(title="closures kata", due_at=T0 + timedelta(hours=4)))
    store.put_many([PracticeLog(task_id=task.id, minutes=m, day=T0.date()) for m in (25, 15.5)]
                   + [PracticeLog(minutes=40, day=T0.date())])  # logged on no task
    app = make_app(clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_after(app, pilot)
        assert await wait_until(pilot, lambda: "40 min logged" in text_of(screen, "#task-detail"))
        assert screen.data.progress.minutes_total == 80.5  # every log counted, on a task or not
        kept = [r for _sig, records in app.store._kept.values() for r in records]
        assert kept and not any(isinstance(r, PracticeLog) for r in kept)
