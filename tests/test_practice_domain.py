"""Practice, review and progress as plain functions, and the ``practice`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_tui import practice as P
from mentor_tui.models import Entry, PracticeLog, PracticeTask, Question, ReviewCard, Session
from mentor_tui.progress import compute, streaks
from mentor_tui.review import new_card, rate
from mentor_tui.widgets.progress_view import render_progress

from .conftest import cli_env, run_cli

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
TODAY = T0.astimezone().date()


def test_source_lines_put_takeaways_first_and_strip_bullets():
    s = Session(status="ended", takeaways=["a takeaway"],
                entries=[Entry(kind="insight", text="entry takeaway", takeaway=True),
                         Entry(kind="mistake", text="forgot await", lesson="await every coroutine")],
                notes="# Heading line\n- [ ] a checkbox item\n\n* a bullet\nx\n")
    lines = P.source_lines(s)
    assert [(ln.kind, ln.text) for ln in lines] == [
        ("takeaway", "a takeaway"), ("takeaway", "entry takeaway"),
        ("mistake", "forgot await → await every coroutine"),  # a mistake keeps its lesson
        ("note", "Heading line"), ("note", "a checkbox item"), ("note", "a bullet"),
    ]


def test_two_takeaways_draft_three_kinds_from_both():
    s = Session(status="ended", takeaways=["first", "second"], notes="a note line")
    drafts = P.draft_plan(s)
    assert [(d.kind, d.source) for d in drafts] == [("warmup", "first"), ("core", "second"),
                                                   ("stretch", "second")]
    tasks = P.make_tasks(s.id, drafts, T0, 24)
    assert [t.due_at - T0 for t in tasks] == [timedelta(hours=12), timedelta(hours=24), timedelta(hours=24)]
    assert all(t.session_id == s.id for t in tasks)


def test_one_takeaway_still_drafts_three_tasks():
    drafts = P.draft_plan(Session(status="ended", takeaways=["only one"]))
    assert [d.kind for d in drafts] == ["warmup", "core", "stretch"]
    assert P.draft_plan(Session(status="ended")) == []


@given(st.text(min_size=1, max_size=1000).filter(lambda s: s.strip()))
def test_any_takeaway_makes_valid_task_titles(text):
    text = "".join(ch for ch in text if ch.isprintable() or ch == "\n")
    if not text.strip():
        return
    drafts = [P.Draft(k, P.draft_title(k, text), text) for k in ("warmup", "core", "stretch")]
    assert len(P.make_tasks(None, drafts, T0, 24)) == 3  # validates: one line, <= 200 chars


def test_cards_for_skips_takeaways_already_carded():
    s = Session(status="ended", takeaways=["a", "b"])
    first = P.cards_for(s, [], T0)
    assert [c.text for c in first] == ["a", "b"]
    assert P.cards_for(s, first, T0) == []


def test_order_warmups_first_until_done_then_due_today():
    tasks = [
        PracticeTask(title="core later", kind="core", due_at=T0 + timedelta(days=2)),
        PracticeTask(title="stretch today", kind="stretch", due_at=T0),
        PracticeTask(title="core overdue", kind="core", due_at=T0 - timedelta(days=1)),
        PracticeTask(title="warm today", kind="warmup", due_at=T0),
        PracticeTask(title="warm done", kind="warmup", status="done", due_at=T0),
        PracticeTask(title="warm later", kind="warmup", due_at=T0 + timedelta(days=1)),
    ]
    assert [t.title for t in P.ordered(tasks, T0)] == [
        "warm today", "warm later", "core overdue", "stretch today", "core later", "warm done"]
    assert [t.title for t in P.due_now(tasks, T0)] == ["warm today", "core overdue", "stretch today"]
    assert P.due_label(tasks[2], T0) == "1 day overdue"
    assert P.due_label(tasks[0], T0) == "due in 2 days"


def test_timer_start_stop_logs_minutes_on_the_start_day():
    task = PracticeTask(title="t", kind="core")
    running = P.start_timer(task, T0)
    assert running.status == "doing" and running.timer_started_at == T0
    assert P.start_timer(running, T0 + timedelta(minutes=5)) == running  # already running
    stopped, log = P.stop_timer(running, T0 + timedelta(minutes=12, seconds=20))
    assert stopped.timer_started_at is None and log.minutes == 12.3 and log.task_id == task.id
    assert P.stop_timer(stopped, T0) == (stopped, None)
    _, short = P.stop_timer(running, T0 + timedelta(seconds=2))
    assert short.minutes == 0.1


@pytest.mark.parametrize("text,expected", [
    ("25", (25.0, "")), ("25 read docs", (25.0, "read docs")), ("1h30 x", (90.0, "x")),
    ("1:05", (65.0, "")), ("2h", (120.0, "")), ("12.5 min notes", (12.5, "notes")),
])
def test_parse_minutes(text, expected):
    assert P.parse_minutes(text) == expected


@pytest.mark.parametrize("text", ["", "read docs", "0", "2000"])
def test_parse_minutes_rejects(text):
    with pytest.raises(ValueError):
        P.parse_minutes(text)


def test_rate_uses_fsrs_and_again_is_soonest():
    card = new_card("x", None, T0)
    after = {r: rate(card, r, T0) for r in ("again", "hard", "good", "easy")}
    dues = [after[r].due_at for r in ("again", "hard", "good", "easy")]
    assert dues == sorted(dues) and dues[0] < dues[-1]
    assert after["good"].reviews == 1 and after["good"].card["state"] in (1, 2)
    with pytest.raises(ValueError):
        rate(card, "forgot", T0)


def test_streaks():
    per_day = {TODAY - timedelta(days=i): 10.0 for i in (1, 2, 3, 6, 7)}
    assert streaks(per_day, TODAY) == (3, 3)  # today not practised yet: streak holds
    per_day[TODAY] = 5
    assert streaks(per_day, TODAY) == (4, 4)
    assert streaks({TODAY - timedelta(days=2): 5}, TODAY) == (0, 1)


def test_progress_counts():
    tasks = [PracticeTask(title="a", kind="warmup", status="done"),
             PracticeTask(title="b", kind="core", status="done"),
             PracticeTask(title="c", kind="core", status="dropped"),
             PracticeTask(title="d", kind="stretch")]
    logs = [PracticeLog(day=TODAY, minutes=30), PracticeLog(day=TODAY, minutes=15),
            PracticeLog(day=TODAY - timedelta(days=40), minutes=60)]
    questions = [Question(text="q1", status="solved", solved_alone=True, answered_at=T0),
                 Question(text="q2", status="answered", solved_alone=False, answered_at=T0),
                 Question(text="q3", status="for_mentor", updated_at=T0),
                 Question(text="q4", status="open")]
    cards = [ReviewCard(text="x", due_at=T0 - timedelta(hours=1)), ReviewCard(text="y", due_at=T0 + timedelta(days=1))]
    p = compute(tasks, logs, questions, cards, T0)
    assert p.done_by_kind == {"warmup": 1, "core": 1, "stretch": 0}
    assert (p.open_tasks, p.dropped) == (1, 1)
    assert p.minutes[p.days.index(TODAY)] == 45
    assert p.minutes_7d == 45 and p.minutes_total == 105 and p.streak == 1
    assert (p.solved_alone, p.to_mentor) == (1, 2)
    assert p.questions[-1].alone == 1 and p.questions[-1].mentor == 2
    assert (p.cards_due, p.cards_total) == (1, 2)
    assert len(p.days) % 7 == TODAY.weekday() + 1 and p.days[0].weekday() == 0
    text = render_progress(p).plain
    assert "1 warm-ups   1 core   0 stretch" in text and "(33% alone)" in text


def test_practice_cli_lists_due_and_json(store, data_dir):
    from mentor_tui.models import utcnow

    now = utcnow()
    store.put_many([
        PracticeTask(title="warm it up", kind="warmup", due_at=now - timedelta(days=2)),
        PracticeTask(title="not yet", kind="core", due_at=now + timedelta(days=3)),
        PracticeTask(title="finished", kind="core", status="done", due_at=now),
    ])
    store.add(ReviewCard(text="card", due_at=now - timedelta(minutes=1)))
    out = run_cli("practice", data=data_dir)
    assert out.returncode == 0, out.stderr
    assert "1 practice task due (1 overdue), 1 card to review" in out.stdout
    assert "warm it up" in out.stdout and "not yet" not in out.stdout
    data = json.loads(run_cli("practice", "--json", data=data_dir).stdout)
    assert data["count"] == 1 and data["overdue"] == 1 and data["cards_due"] == 1 and data["later"] == 1
    assert data["tasks"][0]["title"] == "warm it up" and data["tasks"][0]["kind"] == "warmup"


def test_practice_cli_empty_and_no_textual(data_dir):
    code = (
        "import sys; from mentor_tui.cli import main; "
        "main(['practice']); main(['practice', '--json']); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'fsrs')]; "
        "assert not bad, bad"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert "Nothing due" in proc.stdout


def test_practice_cli_corrupt_file_is_one_line(store, data_dir):
    store.add(PracticeTask(title="x"))
    (path,) = store.files(PracticeTask)
    path.write_text("{not json")
    out = run_cli("practice", data=data_dir)
    assert out.returncode != 0 and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_progress_minutes_per_day_bounds():
    p = compute([], [PracticeLog(day=date(2020, 1, 1), minutes=5)], [], [], T0, weeks=4)
    assert sum(p.minutes) == 0 and p.minutes_total == 5 and len(p.days) <= 28


@given(st.lists(st.tuples(st.integers(0, 400), st.floats(0.1, 300)), max_size=60))
def test_heatmap_holds_exactly_the_minutes_of_its_days(entries):
    logs = [PracticeLog(day=TODAY - timedelta(days=d), minutes=m) for d, m in entries]
    p = compute([], logs, [], [], T0, weeks=8)
    window = set(p.days)
    expected = sum(m for d, m in entries if TODAY - timedelta(days=d) in window)
    assert abs(sum(p.minutes) - expected) < 1e-6
    assert p.days[-1] == TODAY and len(p.days) == 7 * 7 + TODAY.weekday() + 1
    assert 0 <= p.streak <= p.best_streak
    render_progress(p)  # never fails on any data


def test_practice_cli_names_the_next_task_when_nothing_is_due(store, data_dir):
    from mentor_tui.models import utcnow

    store.add(PracticeTask(title="soon", kind="warmup", due_at=utcnow() + timedelta(days=2)))
    out = run_cli("practice", data=data_dir)
    assert out.returncode == 0 and "Nothing due today. Next: soon (due in 2 days)" in out.stdout


def test_a_ticked_mistake_makes_one_card_and_one_source_line_with_its_lesson():
    """Ending a call kept a ticked mistake twice (as "text → lesson" and as its flagged entry),
    which made two cards and a practice line without the lesson."""
    mistake = Entry(kind="mistake", text="committed conflict markers", lesson="run git diff --check",
                    takeaway=True)
    s = Session(status="ended", ended_at=T0, entries=[mistake],
                takeaways=["committed conflict markers → run git diff --check"])
    assert len(P.cards_for(s, [], T0)) == 1
    assert [ln.text for ln in P.source_lines(s) if ln.kind == "takeaway"] == [
        "committed conflict markers → run git diff --check"]


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 11 * 60 + 59))
def test_a_fresh_warmup_is_due_today_for_its_first_hours_whatever_the_hour(hour, minute, later):
    made = datetime.now().astimezone().replace(hour=hour, minute=minute, second=0, microsecond=0)
    (task,) = P.make_tasks(None, [P.Draft("warmup", "w", "x")], made, 24)
    now = made + timedelta(minutes=later)
    assert P.is_due_today(task, now) and not P.is_overdue(task, now)
    assert P.due_now([task], now) == [task]
    left = P.first_day_left(task, now)
    assert left == timedelta(hours=12) - timedelta(minutes=later)
    assert P.fresh_summary([task], now).endswith("left today")
    after = made + timedelta(hours=12, minutes=1)
    assert P.is_overdue(task, after) and P.first_day_left(task, after) is None


def test_practice_cli_says_the_hours_left_for_a_fresh_warmup(store, data_dir):
    from mentor_tui.models import utcnow

    now = utcnow()
    store.put_many(P.make_tasks(None, [P.Draft("warmup", "Warm-up: rebase a toy repo", "x"),
                                       P.Draft("core", "Use it", "x")], now, 24))
    out = run_cli("practice", data=data_dir)
    assert out.returncode == 0, out.stderr
    assert "1 practice task due; warm-up: 11 h left today" in out.stdout
    assert "due today, 11 h left" in out.stdout and "Use it" not in out.stdout
    data = json.loads(run_cli("practice", "--json", data=data_dir).stdout)
    assert 11 * 60 <= data["tasks"][0]["minutes_left_today"] <= 12 * 60 and data["later"] == 1


@given(st.integers(0, 5), st.integers(0, 80), st.integers(0, 60))
def test_the_list_shows_every_open_task_and_the_newest_finished(n_open, n_done, limit):
    tasks = [PracticeTask(title=f"open {n}", due_at=T0 + timedelta(days=n)) for n in range(n_open)]
    tasks += [PracticeTask(title=f"done {n}", status="done", done_at=T0 - timedelta(days=n)) for n in range(n_done)]
    shown, older = P.listed(tasks, T0, finished=limit)
    assert [t.title for t in shown] == [t.title for t in P.ordered(tasks, T0)][:n_open + limit]
    assert sum(P.is_open(t) for t in shown) == n_open and older == max(0, n_done - limit)
    assert [t.title for t in shown if not P.is_open(t)] == [f"done {n}" for n in range(min(n_done, limit))]
