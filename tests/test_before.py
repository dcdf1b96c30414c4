"""Before mode, end to end with Pilot: capture → stuck check → solved alone / to the agenda →
agenda order and estimates → review. Every test reads the store afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import OptionList

from mentor_tui.models import AgendaItem, Material, Question, Session
from mentor_tui.planning import filter_questions, search_notes, solved_alone_share, sync_agenda
from mentor_tui.screens.before import BeforeScreen
from mentor_tui.widgets.inbox_pane import InboxPane
from mentor_tui.screens.stuck import StuckCheck

from .conftest import wait_until, hold_question_reads

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


def fixed_clock():
    return NOW


def inbox(app) -> InboxPane:
    return app.screen.query_one(InboxPane)


async def loaded(pilot, app, count):
    assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen)
                            and len(inbox(app).questions) == count)


async def test_stuck_check_solved_alone(make_app, store):
    q = store.add(Question(text="Why does my fetch return a Promise?"))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("c")
        assert isinstance(app.screen, StuckCheck)
        assert "15:00 left" in str(app.screen.query_one("#stuck-clock").render())
        await pilot.press("space")  # tick the first checklist item
        await pilot.press("a", *"printed the value: it is a Promise", "enter")
        await pilot.press("s", *"I forgot to await it", "ctrl+s")
        assert await wait_until(pilot, lambda: store.get(Question, q.id).status == "solved")
    saved = store.get(Question, q.id)
    assert saved.solved_alone is True and saved.answer == "I forgot to await it"
    assert saved.check_started_at == NOW and saved.check_minutes == 15
    assert [a.text for a in saved.attempts][1] == "printed the value: it is a Promise"
    assert saved.attempts[0].text.startswith("Read every line of the error")


async def test_stuck_check_survives_leaving_and_brings_to_mentor(make_app, store):
    q = store.add(Question(text="How do I structure a Flask app?"))
    started = NOW - timedelta(minutes=16)
    store.update(Question, q.id, lambda c: c.model_copy(update={
        "status": "checking", "check_started_at": started, "check_minutes": 15}))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("c")
        assert "Time is up" in str(app.screen.query_one("#stuck-clock").render())
        await pilot.press("m")
        assert await wait_until(pilot, lambda: store.get(Question, q.id).status == "for_mentor")
    assert store.get(Question, q.id).check_started_at == started  # not restarted


async def test_agenda_collects_orders_and_estimates(make_app, store):
    a = store.add(Question(text="first for mentor", status="for_mentor"))
    b = store.add(Question(text="second for mentor", status="for_mentor", priority="high"))
    store.add(Question(text="still open"))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 3)
        await pilot.press("2")
        agenda = app.screen.query_one("#agenda-list", OptionList)
        assert [agenda.get_option_at_index(i).id for i in range(2)] == [b.id, a.id]  # high first
        assert await wait_until(pilot, lambda: len(store.all(Session)) == 1)  # a plan is stored at once
        await pilot.press("shift+down")  # move b below a
        await pilot.press("plus", "plus")  # b: 5 -> 15 min
        await pilot.press("p")
        await pilot.press(*"Ada", "tab", *"Async JS", "tab", *"2026-11-25", "tab", *"18:30", "tab")
        await pilot.press("backspace", "backspace", *"30", "enter")

        def planned():
            s = store.all(Session)[0]
            return s.mentor == "Ada" and [i.minutes for i in s.agenda] == [5, 15]

        assert await wait_until(pilot, planned)
        assert "20 of 30 min" in str(app.screen.query_one("#agenda-total").render())
    s = store.all(Session)[0]
    assert [i.question_id for i in s.agenda] == [a.id, b.id]
    assert s.topic == "Async JS" and s.planned_minutes == 30 and s.status == "planned"
    assert s.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-25 18:30"


async def test_inbox_filters_edits_and_deletes(make_app, store):
    store.add(Question(text="How do closures capture variables?", tags=["js"]))
    store.add(Question(text="What is a decorator?", tags=["python"]))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 2)
        await pilot.press("slash", *"clsr")  # fuzzy
        assert [q.text for q in inbox(app).listed] == ["How do closures capture variables?"]
        await pilot.press("end", "ctrl+u", *"#python", "enter")
        assert [q.text for q in inbox(app).listed] == ["What is a decorator?"]
        await pilot.press("e")
        await pilot.press("end", "ctrl+u", *"What is a Python decorator?", "ctrl+s")
        assert await wait_until(pilot, lambda: any("Python decorator" in q.text for q in store.all(Question)))
        await pilot.press("p")  # normal -> high
        assert await wait_until(pilot, lambda: any(q.priority == "high" for q in store.all(Question)))
        await pilot.press("d", "y")
        assert await wait_until(pilot, lambda: len(store.all(Question)) == 1)
    assert store.all(Question)[0].text.startswith("How do closures")


async def test_review_lists_sessions_and_marks_material_reviewed(make_app, store):
    q = store.add(Question(text="What is a JOIN?", status="answered", answer="rows from two tables"))
    store.add(Session(status="ended", mentor="Grace", topic="SQL", started_at=NOW - timedelta(days=2),
                      agenda=[AgendaItem(question_id=q.id, state="answered")], takeaways=["index the FK"]))
    m = store.add(Material(title="todo-app", location="/nonexistent/todo-app"))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("3")
        text = str(app.screen.query_one("#review-sessions").render())
        assert "Grace" in text and "What is a JOIN?" in text and "index the FK" in text
        await pilot.press("r")
        assert await wait_until(pilot, lambda: store.get(Material, m.id).last_reviewed_at == NOW)
        await pilot.press("a", *"portfolio", "enter", *"https://example.org/me", "enter")
        assert await wait_until(pilot, lambda: len(store.all(Material)) == 2)


async def test_review_shows_every_takeaway_and_the_answers_wrapped_at_word_boundaries(make_app, store):
    """The review cut lines mid-word, left out answers, and showed three takeaways of four."""
    q = store.add(Question(text="When do I use git rebase instead of merge?", status="answered",
                           answer="Rebase your own unpublished branch onto main; merge what others share."))
    takeaways = [f"takeaway number {i}: conflict markers must never reach a commit, run git diff "
                 f"--check before committing anything at all" for i in range(1, 5)]
    store.add(Session(status="ended", mentor="Priya", topic="Git workflows", started_at=NOW - timedelta(days=1),
                      agenda=[AgendaItem(question_id=q.id, state="answered")], takeaways=takeaways))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await loaded(pilot, app, 1)
        await pilot.press("3")
        await pilot.pause(0.2)
        widget = app.screen.query_one("#review-sessions")
        lines = [strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset)]
        shown = " ".join(" ".join(lines).split())
        for t in takeaways:
            assert t in shown
        assert "Rebase your own unpublished branch onto main; merge what others share." in shown
        words = set(" ".join([q.text, q.answer, *takeaways]).split())
        for line in lines:  # every line ends on a whole word
            last = line.split()[-1] if line.split() else ""
            assert not last or last in words or last in ("Priya", "workflows") or not last.isalnum()


def test_planning_helpers():
    qs = [Question(text="closures in JS", status="solved"), Question(text="b", status="for_mentor"),
          Question(text="c", status="answered", solved_alone=False), Question(text="d")]
    assert solved_alone_share(qs) == (1, 3)
    assert [q.text for q in filter_questions(qs, "clo js")] == ["closures in JS"]
    agenda = sync_agenda(Session(agenda=[AgendaItem(question_id=qs[0].id)]), qs)
    assert [i.question_id for i in agenda] == [qs[1].id]  # solved one leaves, for_mentor joins
    s = Session(notes="closures keep a reference\nunrelated", status="ended")
    hits = search_notes(Question(text="How do closures work?"), [s], qs)
    assert hits and hits[0].line == "closures keep a reference"


async def test_first_question_takes_focus_to_the_list(make_app, store):
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+n", *"my very first question", "enter")
        assert await wait_until(pilot, lambda: len(inbox(app).questions) == 1)
        await pilot.press("m")  # a list key, not a letter typed into the filter box
        assert await wait_until(pilot, lambda: store.all(Question)[0].status == "for_mentor")
        assert await wait_until(pilot, lambda: len(store.all(Session)) == 1)  # the next plan


async def test_questions_on_a_running_call_stay_off_the_next_plan(make_app, store):
    on_call = store.add(Question(text="asked on the call", status="for_mentor"))
    later = store.add(Question(text="for next time", status="for_mentor"))
    store.add(Session(status="live", started_at=NOW, agenda=[AgendaItem(question_id=on_call.id)]))
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        def planned():
            return [s for s in store.all(Session) if s.status == "planned"]

        app.switch_mode("before")
        assert await wait_until(pilot, lambda: len(planned()) == 1)
        assert [i.question_id for i in planned()[0].agenda] == [later.id]


async def test_first_screen_is_painted_from_the_summary_before_every_record_is_read(make_app, store):
    """Issue #12: the inbox line and the open questions show while five years of records are
    still being read (here: held back), and the rest joins the list once read."""

    store.add(Question(text="still open", status="open"))
    store.add(Question(text="solved long ago", status="solved", answer="it was the loop"))
    store.add(Question(text="answered with help", status="answered", solved_alone=False, answer="x"))
    store.summary()
    release = hold_question_reads(store)
    app = make_app(clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            stats = lambda: str(app.screen.query_one("#inbox-stats").render())  # noqa: E731
            assert await wait_until(pilot, lambda: "3 questions · 1 open" in stats())
            assert "solved on my own: 1 of 2 (50%)" in stats()
            assert [q.text for q in inbox(app).listed] == ["still open"]
            assert not app.screen.loaded
        finally:
            release.set()
        assert await wait_until(pilot, lambda: app.screen.loaded and len(inbox(app).listed) == 3)
        assert "3 questions · 1 open" in stats()


async def test_escape_clears_a_stray_filter_and_goes_back_to_the_list(make_app):
    """With an empty inbox the filter has focus, so a key meant as a command lands there and would
    hide the next question captured: Esc empties the filter and goes back to the list."""
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("n")  # typed into the focused filter of the empty inbox
        box = app.screen.query_one("#inbox-filter", Input)
        assert box.value == "n"
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert box.value == "" and app.screen.query_one("#question-list", OptionList).has_focus
