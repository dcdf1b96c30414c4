"""`mentor-tui agenda`: the next session's agenda for the mentor (md), scripts (json) and a
calendar (ics), run as a learner runs it, in a separate process."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentor_tui import agenda_export
from mentor_tui.models import AgendaItem, Attempt, Question, QuestionContext, Session

from .conftest import run_cli

WHEN = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
TRICKY = "Why does [b]bold[/b] [link](x) 🙂 break?"
ERROR = "Traceback:\n```\nValueError: ``` in text\n````"


@pytest.fixture
def planned(store):
    """A planned session with two questions: the first with attempts and error text."""
    first = Question(text=TRICKY, status="for_mentor", priority="high", tags=["rich"],
                     attempts=[Attempt(text="read the [docs] 📚"), Attempt(text="asked a duck")],
                     context=QuestionContext(error_text=ERROR))
    second = Question(text="How do I test async code?\nWith pytest.", status="for_mentor")
    open_one = Question(text="not for the mentor")
    for q in (first, second, open_one):
        store.add(q)
    session = Session(mentor="Ada 🧑‍🏫", topic="closures [draft]", scheduled_at=WHEN, planned_minutes=30,
                      agenda=[AgendaItem(question_id=second.id, minutes=10),
                              AgendaItem(question_id=first.id, minutes=15)])
    store.add(session)
    return session, first, second


def test_markdown_lists_questions_in_order_with_estimates_tries_and_fenced_errors(planned):
    session, first, second = planned
    out = run_cli("agenda")
    assert out.returncode == 0, out.stderr
    md = out.stdout
    assert "# Mentoring: closures [draft] with Ada 🧑‍🏫" in md
    assert "2 questions, 25 of 30 min" in md
    assert md.index("## 1. How do I test async code? (10 min)") < md.index(f"## 2. {TRICKY} (15 min)")
    assert "With pytest." in md
    assert "- read the [docs] 📚" in md and "- asked a duck" in md
    # The error sits in a fence longer than any backtick run in it, so it cannot end early.
    assert "`````\n" + ERROR + "\n`````" in md
    assert "not for the mentor" not in md
    assert agenda_export.MD_MARK in md


def test_json_is_the_same_agenda_as_data(planned):
    session, first, second = planned
    out = run_cli("agenda", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["format"] == "mentor-tui-agenda"
    assert data["session"]["mentor"] == "Ada 🧑‍🏫" and data["session"]["scheduled_at"] == "2026-11-25T09:00:00Z"
    assert [i["question_id"] for i in data["items"]] == [second.id, first.id]
    assert [i["minutes"] for i in data["items"]] == [10, 15]
    assert data["items"][1]["text"] == TRICKY
    assert [t["text"] for t in data["items"][1]["tried"]] == ["read the [docs] 📚", "asked a duck"]
    assert data["items"][1]["error_text"] == ERROR
    assert data["total_minutes"] == 25


def test_ics_reads_back_as_one_event_at_the_planned_time(planned, tmp_path):
    session, first, second = planned
    target = tmp_path / "out" / "next.ics"
    out = run_cli("agenda", "--format", "ics", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(target)
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == WHEN
    assert event.decoded("duration") == timedelta(minutes=30)
    assert str(event["summary"]) == "Mentoring: closures [draft] with Ada 🧑‍🏫"
    description = str(event["description"])
    assert TRICKY in description and "read the [docs] 📚" in description and ERROR in description
    assert [a.decoded("trigger") for a in event.walk("VALARM")] == [timedelta(minutes=-10)]


def test_ics_needs_a_planned_time(store):
    store.add(Session(topic="someday"))
    out = run_cli("agenda", "--format", "ics")
    assert out.returncode == 1
    assert out.stderr.strip().startswith("mentor-tui: the next session has no time yet")
    assert "Traceback" not in out.stderr


def test_nothing_planned_is_one_line_and_exit_1(data_dir):
    out = run_cli("agenda")
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "no session is planned" in out.stderr
    assert not data_dir.exists()  # a read-only command leaves no folder behind


def test_out_never_replaces_a_file_it_did_not_write(planned, tmp_path):
    mine = tmp_path / "agenda.md"
    mine.write_text("my own notes\n")
    out = run_cli("agenda", "--out", str(mine))
    assert out.returncode == 1 and "not a mentor-tui agenda" in out.stderr
    assert mine.read_text() == "my own notes\n"
    # Its own earlier agenda is replaced without asking; a stranger's only with --force.
    theirs = tmp_path / "agenda2.md"
    assert run_cli("agenda", "--out", str(theirs)).returncode == 0
    assert run_cli("agenda", "--out", str(theirs)).returncode == 0
    assert run_cli("agenda", "--out", str(mine), "--force").returncode == 0
    assert TRICKY in mine.read_text()
    assert not list(tmp_path.glob(".*tmp-*"))


def test_a_new_question_for_the_mentor_joins_as_in_the_app(planned, store):
    late = Question(text="late one", status="for_mentor")
    store.add(late)
    data = json.loads(run_cli("agenda", "--format", "json").stdout)
    assert data["items"][-1]["question_id"] == late.id and data["items"][-1]["minutes"] == 5


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_error_text_never_escapes_its_fence(error):
    q = Question(text="q", status="for_mentor", context=QuestionContext(error_text=error))
    error = q.context.error_text.rstrip("\n")
    if not error.strip():
        return
    agenda = agenda_export.Agenda(Session(), [(5, q)])
    md = agenda_export.markdown(agenda)
    fence = agenda_export.fence(error)
    assert f"\n{fence}\n{error}\n{fence}\n" in md
    # No line of the error is itself a fence as long as ours, so the block cannot close early.
    assert all(not line.strip().startswith(fence) for line in error.splitlines())


# -- the Agenda tab's keys and the reminder, driven with Pilot ---------------------------------


async def _agenda_tab(pilot, app):
    from mentor_tui.screens.before import BeforeScreen

    from .conftest import wait_until

    assert await wait_until(pilot, lambda: isinstance(app.screen, BeforeScreen))
    await pilot.press("2")
    assert await wait_until(pilot, lambda: app.screen.query_one("#agenda-list").option_count == 2)


async def test_agenda_tab_copies_markdown_for_the_mentor(make_app, planned):
    session, first, second = planned
    app = make_app(clock=lambda: WHEN - timedelta(days=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await _agenda_tab(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        copied = app.clipboard
    assert copied.startswith("# Mentoring: closures [draft] with Ada 🧑‍🏫")
    assert f"## 2. {TRICKY} (15 min)" in copied and ERROR in copied
    assert agenda_export.MD_MARK not in copied  # the file marker stays out of a chat message


async def test_agenda_tab_writes_the_calendar_file(make_app, planned, tmp_path):
    from mentor_tui.dialogs.modals import TextPrompt

    from .conftest import wait_until

    target = tmp_path / "cal" / "session.ics"
    app = make_app(clock=lambda: WHEN - timedelta(days=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await _agenda_tab(pilot, app)
        await pilot.press("i")
        assert isinstance(app.screen, TextPrompt)
        prompt = app.screen.query_one("#prompt-input")
        assert prompt.value.endswith("mentor-tui-agenda-2026-11-25.ics")
        prompt.value = str(target)
        await pilot.press("enter")
        assert await wait_until(pilot, target.exists)
    event = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == WHEN and TRICKY in str(event["description"])


async def test_a_quiet_reminder_ten_minutes_before_once(make_app, planned):
    from .conftest import wait_until

    app = make_app(clock=lambda: WHEN - timedelta(minutes=9), reminder_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        def reminders():
            return [n for n in app._notifications if n.title == "Starting soon"]

        assert await wait_until(pilot, lambda: len(reminders()) == 1)
        assert "with Ada 🧑‍🏫" in reminders()[0].message
        await pilot.pause(0.5)
        assert len(reminders()) == 1  # once, not every tick


async def test_no_reminder_while_the_session_is_further_off(make_app, planned):
    app = make_app(clock=lambda: WHEN - timedelta(minutes=11), reminder_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.6)
        assert not [n for n in app._notifications if n.title == "Starting soon"]


def test_agenda_command_does_not_import_textual(planned):
    import subprocess
    import sys

    from .conftest import cli_env

    code = ("import sys; from mentor_tui.cli import main; main(['agenda', '--format', 'ics']); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env())
    assert proc.returncode == 0, proc.stderr
