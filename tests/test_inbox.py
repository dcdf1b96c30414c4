"""The inbox's rules without the app: capture, priority, for-mentor, edit, delete, and every step
of the stuck check, on a real store."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from mentor_tui import inbox
from mentor_tui.models import Attempt, Question, ValidationError

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def stored(store, text="Why does my loop stop early?", **fields) -> Question:
    return store.add(Question(text=text, **fields))


def test_add_keeps_the_error_text_and_records_where_the_learner_is(store, tmp_path):
    repo = tmp_path / "proj"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/feature\n")
    q = inbox.add(store, inbox.new_question("Why?", ["loops"], "high", error_text="Traceback"),
                  where=str(repo))
    back = store.get(Question, q.id)
    assert back.context.error_text == "Traceback"
    assert back.context.cwd == str(repo) and back.context.git_repo == "proj"
    assert back.context.git_branch == "feature"
    assert (back.tags, back.priority, back.status) == (["loops"], "high", "open")


def test_new_question_rejects_a_blank_question_before_storing(store):
    with pytest.raises(ValidationError):
        inbox.new_question("   ")
    assert store.all(Question) == []


def test_clean_tags():
    assert inbox.clean_tags(["#Python", "python", " loops ", "#", ""]) == ["python", "loops"]


def test_priority_cycles_from_the_stored_value(store):
    q = stored(store)
    seen = [inbox.cycle_priority(store, q.id).priority for _ in range(3)]
    assert seen == ["high", "low", "normal"]
    assert store.get(Question, q.id).priority == "normal"


@given(st.sampled_from(inbox.PRIORITIES))
def test_next_priority_visits_every_priority_before_coming_back(start):
    p, seen = start, []
    for _ in inbox.PRIORITIES:
        p = inbox.next_priority(p)
        seen.append(p)
    assert p == start and sorted(seen) == sorted(inbox.PRIORITIES)


def test_for_mentor_toggles_and_reopen(store):
    q = stored(store)
    assert inbox.toggle_for_mentor(store, q.id).status == "for_mentor"
    assert inbox.toggle_for_mentor(store, q.id).status == "open"
    inbox.to_mentor(store, q.id)
    assert inbox.reopen(store, q.id).status == "open"


def test_edit_puts_the_error_text_in_the_context_and_keeps_the_rest(store):
    q = stored(store, context={"cwd": "/src"})
    inbox.edit(store, q.id, text="Why now?", tags=["a"], priority="low", details="**d**",
               error_text="boom")
    back = store.get(Question, q.id)
    assert (back.text, back.tags, back.priority, back.details) == ("Why now?", ["a"], "low", "**d**")
    assert back.context.error_text == "boom" and back.context.cwd == "/src"


def test_delete(store):
    q = stored(store)
    assert inbox.delete(store, q.id) is True
    assert store.get(Question, q.id) is None
    assert inbox.delete(store, q.id) is False


def test_stuck_check_start_keeps_a_running_clock(store):
    q = stored(store)
    first = inbox.start_check(store, q.id, NOW, 20)
    assert (first.status, first.check_started_at, first.check_minutes) == ("checking", NOW, 20)
    again = inbox.start_check(store, q.id, NOW + timedelta(minutes=5), 15)
    assert (again.check_started_at, again.check_minutes) == (NOW, 20)


def test_a_check_on_a_question_no_longer_checking_starts_afresh(store):
    q = stored(store, status="for_mentor", check_started_at=NOW, check_minutes=20)
    later = NOW + timedelta(days=1)
    assert inbox.start_check(store, q.id, later, 15).check_started_at == later


def test_attempts_are_appended_in_order(store):
    q = stored(store)
    inbox.log_attempt(store, q.id, Attempt(at=NOW, text="read the error"))
    inbox.log_attempt(store, q.id, Attempt(at=NOW, text="printed i"))
    assert [a.text for a in store.get(Question, q.id).attempts] == ["read the error", "printed i"]


def test_solved_alone_and_escalate(store):
    a, b = stored(store), stored(store, "Another")
    solved = inbox.solved_alone(store, a.id, "off by one", NOW)
    assert (solved.status, solved.answer, solved.answered_at, solved.solved_alone) == \
        ("solved", "off by one", NOW, True)
    assert inbox.escalate(store, b.id).status == "for_mentor"


def test_inbox_module_imports_no_textual():
    code = "import sys, mentor_tui.inbox; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
