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


def test_ids_made_in_one_millisecond_sort_in_the_order_they_were_made():
    """Five sessions added in a row can share a millisecond; the newest must still sort last
    (the During view takes the last mentor from the newest file: random tails made it flaky)."""
    at = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    ids = [new_id(at) for _ in range(2_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {id_time(rid) for rid in ids} == {at}


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


# -- text is cleaned, never refused for a stray character (issue 10, case 2) ------------------------

CONTROLS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
KEPT = "\t\n"


@given(raw=st.text(alphabet=st.one_of(st.characters(), st.sampled_from(CONTROLS + "\r\n\ud800\udcff")),
                   max_size=300))
def test_any_text_with_control_characters_is_cleaned_not_refused(raw):
    s = Session(notes=raw, summary=raw, topic=raw[:100], entries=[Entry(kind="note", text=raw)])
    for value in (s.notes, s.summary, s.entries[0].text):
        assert not any(ch in CONTROLS and ch not in KEPT for ch in value)
        value.encode("utf-8")  # no lone surrogate left
    assert "\n" not in s.topic and "\t" not in s.topic
    assert Session.model_validate_json(s.model_dump_json()) == s


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("a\x85b", "a\nb"),  # NEL is a line break
        ("a\r\nb\rc", "a\nb\nc"),  # CR LF and lone CR become one newline
        ("a\x7fb\x00c\x1b[1md", "abc[1md"),  # DEL, NUL, ESC dropped; the rest kept literally
        ("tab\there\nnext", "tab\there\nnext"),  # tabs and newlines untouched
        ("x\ud800y", "x\ufffdy"),  # a lone surrogate becomes U+FFFD
        ("\x9b31m\x9c", "31m"),  # C1 controls dropped
    ],
)
def test_control_characters_are_replaced_or_dropped(raw, kept):
    assert Question(text=raw).text == kept
    session = Session()
    session.notes = raw  # assignment (the notes autosave) is cleaned too
    assert session.notes == kept


def test_single_line_fields_get_spaces_for_line_breaks():
    assert Session(topic="Generators\nand\x85async\ttoo", mentor="A\x1bda").topic == "Generators and async too"
    assert Question(text="ok", tags=["py\x7fthon"]).tags == ["python"]


def test_huge_text_gets_a_clear_message_not_a_crash():
    for text in ("x" * 2_001, "x" * 10_000_000, "\x00" * 5_000):
        with pytest.raises(ValidationError) as err:
            Question(text=text)
        message = describe_error(err.value)
        assert message.startswith("text: ") and ("too long" in message or "must not be empty" in message)


# -- context is fitted, never refused (issue 10, case 4) ---------------------------------------------


def test_context_is_one_clean_line_shortened_to_fit():
    from mentor_tui.models import QuestionContext

    deep = "/home/ada/" + "/".join(f"folder{i:02d}" for i in range(20)) + "/src"
    branch = "feature/\nlogin\x1b[31m" + "x" * 300
    ctx = QuestionContext(cwd=deep, git_branch=branch, git_repo="caf\udce9-repo")
    assert len(ctx.cwd) <= 120 and ctx.cwd.startswith("…/") and ctx.cwd.endswith("/folder19/src")
    assert deep.endswith(ctx.cwd[1:])
    assert len(ctx.git_branch) <= 120 and ctx.git_branch.startswith("feature/ login[31mxxx")
    assert ctx.git_branch.endswith("…")
    assert ctx.git_repo == "caf\ufffd-repo"
    short = QuestionContext(cwd="/home/ada/shop", git_branch="main")
    assert (short.cwd, short.git_branch) == ("/home/ada/shop", "main")
