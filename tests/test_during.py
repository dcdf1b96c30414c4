"""The live session, driven with Pilot as a learner drives it during a call: keys in, store read back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import TextArea

from mentor_tui import live_session as ls
from mentor_tui.models import AgendaItem, Question, ReviewCard, Session
from mentor_tui.screens.during import DuringScreen
from mentor_tui.widgets.session_clock import clock_text
from mentor_tui.dialogs.during import EndSession, QuickEntry, StartSession
from mentor_tui.dialogs.modals import TextPrompt
from .conftest import resumed_live_notes, wait_until

NOTES = (
    "# Session notes\n"
    "- generators are lazy: nothing runs until next() is called\n"
    "- use pytest fixtures instead of setUp, they compose better\n"
    "## Async\n"
    "- await gives control back to the loop; a blocking call freezes everything\n"
    "- asyncio.to_thread for the slow file work\n"
    "Homework: rewrite the parser with a generator pipeline and time it against the list one."
)



async def type_text(pilot, text: str) -> None:
    keys = ["enter" if ch == "\n" else ("space" if ch == " " else ch) for ch in text]
    await pilot.press(*keys)


async def type_fast(pilot, text: str) -> None:
    """Type *text* as key events queued back to back (like a fast typist), then let the app settle.

    ``pilot.press`` waits for idle after each key (~60 ms); queuing keeps a few hundred characters
    quick while still going through the app's real key handling.
    """
    from textual import events

    driver = pilot.app._driver
    for ch in text:
        key = "enter" if ch == "\n" else ("space" if ch == " " else ch)
        driver.send_message(events.Key(key, "\r" if ch == "\n" else ch))
    await pilot.pause(0.2)


def plan(store, n_questions=2, **kwargs) -> tuple[Session, list[Question]]:
    questions = [store.add(Question(text=f"Question number {i}?", status="for_mentor"))
                 for i in range(1, n_questions + 1)]
    session = Session(mentor="Ada", topic="Generators", planned_minutes=30,
                      agenda=[AgendaItem(question_id=q.id, minutes=10) for q in questions],
                      **kwargs)
    return store.add(session), questions


async def test_a_whole_session_ends_up_in_the_store(make_app, store):
    session, questions = plan(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, DuringScreen)
        assert await wait_until(pilot, lambda: screen.planned)
        await pilot.press("enter")
        assert isinstance(app.screen, StartSession)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: screen.session is not None)
        assert app.focused is screen.editor
        assert len(NOTES) > 300
        await type_fast(pilot, NOTES)
        assert await wait_until(pilot, lambda: screen.editor.text == NOTES)

        # one quick entry of each kind, without leaving the notes
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, QuickEntry)
        await type_text(pilot, "How do I profile a generator?")
        await pilot.press("enter")
        await pilot.press("ctrl+r")
        await type_text(pilot, "Fixtures compose")
        await pilot.press("enter")
        await pilot.press("ctrl+l")
        await type_text(pilot, "Called time.sleep in async code")
        await pilot.press("tab")
        await type_text(pilot, "Use await asyncio.sleep")
        await pilot.press("enter")
        await pilot.press("ctrl+b")
        await type_text(pilot, "x = (n * n for n in range(10))")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+o")
        await type_text(pilot, "https://docs.python.org/3/howto/functional.html")
        await pilot.press("enter")
        await pilot.press("ctrl+t")
        await type_text(pilot, "Ada shares her screen")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: len(screen.session.entries) == 6)
        assert app.focused is screen.editor
        assert len(screen.session.agenda) == 3  # the follow-up joined this agenda

        # answer the two planned questions from the agenda pane (after an answer the cursor is
        # already on the next open question)
        for i in range(2):
            await pilot.press("ctrl+g")
            await pilot.press("enter")
            assert isinstance(app.screen, TextPrompt)
            await type_text(pilot, f"Answer {i + 1} from Ada")
            await pilot.press("ctrl+s")
            assert await wait_until(
                pilot, lambda: sum(a.state == "answered" for a in screen.session.agenda) == i + 1)
        assert app.focused is screen.editor

        # end: the insight and the mistake come ticked; add one in my own words; summary; rating
        await pilot.press("f9")
        assert isinstance(app.screen, EndSession)
        offered = app.screen.query_one("#end-takeaways")
        assert offered.selected == ["entry:" + e.id for e in screen.session.entries
                                    if e.kind in ("insight", "mistake")]
        await pilot.press("tab")
        await type_text(pilot, "Generators are lazy")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: len(offered.selected) == 3)
        await pilot.press("tab")
        await type_text(pilot, "Generators and async basics.")
        await pilot.press("tab", "down", "down", "down", "enter")  # four of five
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.current_mode == "after")

    (stored,) = store.all(Session)
    assert stored.status == "ended" and stored.ended_at and stored.started_at
    assert stored.notes == NOTES
    assert sorted(e.kind for e in stored.entries) == sorted(
        ["question", "insight", "mistake", "snippet", "link", "note"])
    mistake = next(e for e in stored.entries if e.kind == "mistake")
    assert mistake.lesson == "Use await asyncio.sleep" and mistake.takeaway
    assert stored.takeaways == ["Fixtures compose",
                                "Called time.sleep in async code → Use await asyncio.sleep",
                                "Generators are lazy"]
    cards = store.all(ReviewCard)  # one card per takeaway, made as the session ended
    assert len(cards) == 3
    assert {c.back for c in cards if c.kind == "mistake"} == {"Use await asyncio.sleep"}
    assert stored.summary == "Generators and async basics." and stored.rating == 4
    assert [a.state for a in stored.agenda] == ["answered", "answered", "carried"]
    by_id = {q.id: q for q in store.all(Question)}
    for i, q in enumerate(questions):
        got = by_id[q.id]
        assert got.status == "answered" and got.answer == f"Answer {i + 1} from Ada"
        assert got.session_id == stored.id and got.solved_alone is False and got.answered_at
    follow_up = by_id[stored.agenda[2].question_id]
    assert follow_up.text == "How do I profile a generator?" and follow_up.status == "for_mentor"


async def test_notes_autosave_while_typing_and_reopen_exactly(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # a live session found at start-up is resumed without a key
        screen = await resumed_live_notes(pilot)
        assert screen.has_class("narrow")  # 80 columns: the side column is narrow
        await type_text(pilot, "line one\n  indented ünïcode\n")
        typed = screen.editor.text
        assert typed.startswith("line one\n  indented ünïcode\n"), typed
        assert await wait_until(pilot, lambda: store.get(Session, session.id).notes == typed,
                                timeout=3)
        await type_text(pilot, "tail")
        await pilot.press("f8")
        assert screen.has_class("hide-side") and app.focused is screen.editor
    # quitting (the test harness exits the app) flushes; reopening shows the notes as typed
    app2 = make_app()
    async with app2.run_test() as pilot:
        assert await wait_until(pilot, lambda: isinstance(app2.screen, DuringScreen)
                                and app2.screen.session is not None)
        assert app2.screen.query_one("#notes", TextArea).text.startswith("line one\n")


async def test_ctrl_q_saves_the_last_keystrokes(make_app, store):
    session, _ = plan(store, status="live", started_at=datetime.now(timezone.utc))
    app = make_app()
    async with app.run_test() as pilot:
        await resumed_live_notes(pilot)
        await type_text(pilot, "last words")
        await pilot.press("ctrl+q")
    assert store.get(Session, session.id).notes == "last words"


async def test_ad_hoc_session_uses_settings_and_follow_up_can_wait(make_app, store):
    from mentor_tui.settings import Settings

    app = make_app(settings=Settings(session_minutes=25))
    async with app.run_test() as pilot:
        await pilot.press("f3")
        screen = app.screen
        await pilot.pause(0.3)
        await pilot.press("a")
        assert isinstance(app.screen, StartSession)
        await type_text(pilot, "Grace")
        await pilot.press("tab")
        await type_text(pilot, "Debugging")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: screen.session is not None)
        assert screen.session.planned_minutes == 25 and screen.session.mentor == "Grace"
        await pilot.press("ctrl+n")
        await type_text(pilot, "Next time: logging setup?")
        await pilot.press("tab", "space", "ctrl+s")  # untick "this session"
        assert await wait_until(pilot, lambda: screen.session.entries)
        assert screen.session.agenda == []
    (q,) = store.all(Question)
    assert q.status == "for_mentor" and q.text == "Next time: logging setup?"


async def test_clock_gives_a_quiet_heads_up(make_app, store):
    start = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    now = [start + timedelta(minutes=26)]
    plan(store, status="live", started_at=start)
    app = make_app(clock=lambda: now[0])
    async with app.run_test() as pilot:
        screen = await resumed_live_notes(pilot)
        bar = str(screen.query_one("#session-bar").render())
        assert "26:00 elapsed · 04:00 left" in bar
        assert "soon" in screen.query_one("#session-bar")._warned
        now[0] = start + timedelta(minutes=31)
        await pilot.pause(1.2)
        assert "up" in screen.query_one("#session-bar")._warned
        assert "01:00 over" in str(screen.query_one("#session-bar").render())
        assert app.focused is screen.editor  # no modal took the keyboard


def test_clock_text():
    assert clock_text(0, 45) == "00:00 elapsed · 45:00 left"
    assert clock_text(3725, 60) == "1:02:05 elapsed · 02:05 over"


def test_planned_session_marked_missed_keeps_questions_for_next_time(store):
    session, questions = plan(store)
    ls.mark_session(store, session.id, "missed", datetime.now(timezone.utc))
    stored = store.get(Session, session.id)
    assert stored.status == "missed" and all(a.state == "carried" for a in stored.agenda)
    assert all(store.get(Question, q.id).status == "for_mentor" for q in questions)
