"""Records read from disk share one "fields set" per model class (``Model.model_post_init``):
the memory of five years of records, without any change a caller can see."""

from __future__ import annotations

from mentor_tui.models import Question, Session


def _read_twice(store, record):
    """The record as two stores read it (one store hands out the same copy twice)."""
    from mentor_tui.store import Store

    store.put_many([record])
    return store.all(type(record))[0], Store(store.root).all(type(record))[0]


def test_records_read_from_disk_share_one_full_fields_set(store):
    a, b = _read_twice(store, Question(text="Why does my closure capture the loop variable?"))
    assert a is not b
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == set(Question.model_fields)
    assert a.context.model_fields_set is b.context.model_fields_set


def test_sharing_changes_nothing_a_caller_sees(store):
    a, b = _read_twice(store, Session(mentor="Ada"))
    # An edit of one record (assignment, copy with changes) leaves the other and the class alone.
    a.mentor = "Grace"
    changed = b.model_copy(update={"summary": "went well"})
    assert (a.mentor, b.mentor, b.summary, changed.summary) == ("Grace", "Ada", "", "went well")
    assert b.model_fields_set == set(Session.model_fields)
    assert b.model_dump() == Session.model_validate(b.model_dump()).model_dump()


def test_a_record_given_only_some_fields_keeps_its_own_set():
    q = Question(text="a question")
    assert q.model_fields_set == {"text"}
    assert Question(text="another").model_fields_set == {"text"}
    assert q.model_dump(exclude_unset=True) == {"text": "a question"}


def test_repeated_short_values_are_one_string_each(store):
    """Tags, context and the ids a record points at recur in thousands of records: read from
    disk they are one string each, not a copy per record; the values themselves are unchanged."""
    from mentor_tui.models import PracticeLog, PracticeTask, QuestionContext

    session = Session(mentor="Ada")
    task = PracticeTask(title="kata")
    ctx = QuestionContext(cwd="/home/me/src/project", git_repo="project", git_branch="main")
    store.put_many([
        Question(text=f"question {n}", tags=["Python", "#testing"], context=ctx, session_id=session.id)
        for n in range(2)
    ] + [PracticeLog(task_id=task.id, minutes=5) for _ in range(2)])
    a, b = store.all(Question)  # two records, read from one file
    assert a.tags == ["python", "testing"] and a.context == ctx and a.session_id == session.id
    assert all(x is y for x, y in zip(a.tags, b.tags))
    assert a.context.cwd is b.context.cwd and a.context.git_branch is b.context.git_branch
    assert a.session_id is b.session_id
    first, second = store.all(PracticeLog)
    assert first.task_id == task.id and first.task_id is second.task_id


def test_questions_asked_from_one_place_share_one_context_that_none_can_change(store):
    """A learner asks from a handful of folders: records read from disk share one context per
    distinct value (five years: 21 contexts for 5,000 questions). Shared, it must be frozen."""
    import pytest
    from pydantic import ValidationError

    from mentor_tui.models import QuestionContext

    ctx = QuestionContext(cwd="/home/me/src/project", git_repo="project", git_branch="main")
    other = QuestionContext(cwd="/home/me/src/other")
    store.put_many([Question(text=f"q {n}", context=ctx if n < 2 else other) for n in range(3)])
    a, b, c = sorted(store.all(Question), key=lambda q: q.text)
    assert a.context is b.context and a.context == ctx and c.context == other
    with pytest.raises(ValidationError):
        a.context.git_branch = "feature"
    moved = a.model_copy(update={"context": a.context.model_copy(update={"git_branch": "feature"})})
    assert moved.context.git_branch == "feature" and b.context.git_branch == "main"


def test_a_record_never_updated_shares_one_datetime_for_both_times(store):
    from datetime import datetime, timedelta, timezone

    at = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    store.put_many([Question(text="never edited", created_at=at, updated_at=at),
                    Question(text="edited", created_at=at, updated_at=at + timedelta(hours=1))],
                   stamp=False)
    same, edited = sorted(store.all(Question), key=lambda q: q.text, reverse=True)
    assert same.created_at is same.updated_at and same.created_at == at
    assert edited.updated_at - edited.created_at == timedelta(hours=1)
    edited.updated_at = at + timedelta(hours=2)  # an assignment changes one field only
    assert edited.created_at == at and same.updated_at == at


def test_records_with_many_fields_share_their_table_of_keys(store):
    """A question's 16 fields in a dict that shares its keys with every other question's (see
    ``models._share_keys``): smaller than the dict pydantic made, and nothing else changes."""
    import copy
    import pickle
    import sys

    from mentor_tui.models import PracticeLog, ValidationError

    a, b = _read_twice(store, Question(text="Why does my closure capture the loop variable?", tags=["python"]))
    plain = dict(a.__dict__)  # the same fields in a dict of its own, as pydantic makes it
    assert sys.getsizeof(a.__dict__) < sys.getsizeof(plain)
    assert a == b and a.__dict__ == plain and a.model_dump() == b.model_dump()
    a.text = "edited"  # assignment is validated and changes only this record
    assert (a.text, b.text) == ("edited", "Why does my closure capture the loop variable?")
    try:
        a.priority = "urgent"
    except ValidationError:
        pass
    else:
        raise AssertionError("an invalid assignment was accepted")
    changed = b.model_copy(update={"status": "answered"})
    assert (changed.status, b.status) == ("answered", "open")
    assert copy.deepcopy(b) == b and pickle.loads(pickle.dumps(b)) == b
    assert Question.model_validate_json(b.model_dump_json()) == b
    # A model with few fields keeps the dict pydantic made: a shared one would not be smaller.
    log = PracticeLog(minutes=5)
    assert sys.getsizeof(log.__dict__) <= sys.getsizeof(dict(log.__dict__))
