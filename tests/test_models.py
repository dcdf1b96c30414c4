"""Models: validation at the boundary names the field; every stored shape survives JSON."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_tui.models import (
    Entry,
    Question,
    Session,
    ValidationError,
    describe_error,
    id_time,
    new_id,
)

from .conftest import cli_env

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda s: s.strip())
tag = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
moment = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                      timezones=st.just(timezone.utc))


@given(text=text, details=st.text(max_size=200).map(lambda s: "".join(c for c in s if c.isprintable() or c in "\n\t")),
       tags=st.lists(tag, max_size=5), priority=st.sampled_from(["low", "normal", "high"]), at=moment)
def test_question_round_trips_through_json(text, details, tags, priority, at):
    q = Question(text=text, details=details, tags=tags, priority=priority, created_at=at)
    assert Question.model_validate_json(q.model_dump_json()) == q


@given(notes=st.text(max_size=500).map(lambda s: "".join(c for c in s if c.isprintable() or c in "\n\t")),
       entries=st.lists(st.tuples(st.sampled_from(["note", "question", "insight", "mistake", "snippet", "link"]),
                                  text), max_size=6))
def test_session_round_trips_through_json(notes, entries):
    s = Session(notes=notes, entries=[Entry(kind=k, text=t) for k, t in entries])
    assert Session.model_validate_json(s.model_dump_json()) == s


@given(at=moment)
def test_ids_carry_their_creation_time_and_sort_by_it(at):
    rid = new_id(at)
    assert abs((id_time(rid) - at).total_seconds()) < 0.002
    assert new_id(datetime(1999, 1, 1, tzinfo=timezone.utc)) < rid


@pytest.mark.parametrize(
    "data, field",
    [
        ({"text": ""}, "text"),
        ({"text": "ok", "priority": "urgent"}, "priority"),
        ({"text": "ok", "tags": ["has space"]}, "tags.0"),
        ({"text": "ok", "created_at": "2026-01-01T10:00:00"}, "created_at"),  # naive: rejected
        ({"text": "ok", "surprise": 1}, "surprise"),
    ],
)
def test_invalid_data_is_rejected_naming_the_field(data, field):
    with pytest.raises(ValidationError) as err:
        Question.model_validate(data)
    assert describe_error(err.value).startswith(field + ":")


def test_timestamps_are_stored_in_utc():
    q = Question(text="x", created_at="2026-01-01T10:00:00+02:00")
    assert q.created_at == datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
    assert q.model_dump(mode="json")["created_at"] == "2026-01-01T08:00:00Z"


def test_domain_modules_import_no_textual():
    code = (
        "import sys\n"
        "import mentor_tui.models, mentor_tui.store, mentor_tui.cli, mentor_tui.settings, "
        "mentor_tui.planning, mentor_tui.paths, mentor_tui.gitinfo\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env())
    assert proc.returncode == 0, proc.stderr
