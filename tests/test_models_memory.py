"""Records read from disk share one "fields set" per model class (``Model.model_post_init``):
the memory of five years of records, without any change a caller can see."""

from __future__ import annotations

from mentor_tui.models import Question, Session


def _read_twice(store, record):
    store.put_many([record])
    return store.all(type(record))[0], store.all(type(record))[0]


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
