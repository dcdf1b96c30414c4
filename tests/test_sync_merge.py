"""The record merge (pure, no git repository): the rules the design notes list, and properties."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.models import Question, Session, new_id
from mentor_tui.sync.datafile import dump, merge_bytes
from mentor_tui.sync.merge import DELETED, Side, format_time, merge_tables

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def at(minutes: float) -> str:
    return format_time(T0 + timedelta(minutes=minutes))


def q(text="why?", minutes=0, **kw) -> dict:
    rec = Question(id=new_id(T0), text=text, created_at=T0, updated_at=T0, **kw).model_dump(mode="json")
    rec["updated_at"] = at(minutes)
    return rec


def edit(rec: dict, minutes: float, **changes) -> dict:
    return {**copy.deepcopy(rec), **changes, "updated_at": at(minutes)}


def tables(*records, deleted=None, kind="questions") -> dict:
    out = {kind: {r["id"]: r for r in records}}
    if deleted:
        out[DELETED] = deleted
    return out


def test_new_records_on_both_sides_are_all_kept_even_without_a_base():
    a, b = q("from laptop"), q("from desktop")
    merged = merge_tables("questions", None, tables(a), tables(b)).tables["questions"]
    assert set(merged) == {a["id"], b["id"]}


def test_one_sided_field_changes_are_both_kept():
    base = q()
    a = edit(base, 1, priority="high")
    b = edit(base, 2, tags=["loops"])
    merged = merge_tables("questions", tables(base), tables(a), tables(b)).tables["questions"][base["id"]]
    assert merged["priority"] == "high" and merged["tags"] == ["loops"]
    assert merged["updated_at"] == at(2)


def test_separate_notes_edits_merge_and_overlapping_ones_keep_both():
    base = Session(id=new_id(T0), notes="one\ntwo\nthree\nfour\n", updated_at=T0).model_dump(mode="json")
    a = edit(base, 1, notes="ONE\ntwo\nthree\nfour\n")
    b = edit(base, 2, notes="one\ntwo\nthree\nFOUR\n")
    r = merge_tables("sessions", tables(base, kind="sessions"), Side(tables(a, kind="sessions"), "laptop"),
                     Side(tables(b, kind="sessions"), "desktop"))
    assert r.tables["sessions"][base["id"]]["notes"] == "ONE\ntwo\nthree\nFOUR\n"
    assert r.conflicts == 0

    a = edit(base, 1, notes="one\ntwo from laptop\nthree\nfour\n")
    b = edit(base, 2, notes="one\ntwo from desktop\nthree\nfour\n")
    r = merge_tables("sessions", tables(base, kind="sessions"), Side(tables(b, kind="sessions"), "desktop"),
                     Side(tables(a, kind="sessions"), "laptop"))
    notes = r.tables["sessions"][base["id"]]["notes"]
    assert notes == (
        "one\n<<<<<<< saved 2026-11-25 09:01 UTC (laptop)\ntwo from laptop\n=======\n"
        "two from desktop\n>>>>>>> saved 2026-11-25 09:02 UTC (desktop)\nthree\nfour\n"
    )
    assert r.conflicts == 1 and any("overlapping" in line for line in r.reports)


def test_deleted_on_one_side_untouched_on_the_other_is_deleted_and_stays_deleted():
    base = q()
    a = tables(deleted={base["id"]: {"at": at(5)}})
    merged = merge_tables("questions", tables(base), a, tables(base)).tables
    assert merged["questions"] == {} and base["id"] in merged[DELETED]
    # a later merge without a base (a re-import, a conflict copy) does not bring it back
    again = merge_tables("questions", None, merged, tables(base)).tables
    assert again["questions"] == {}


def test_deleted_on_one_side_edited_on_the_other_is_kept_and_reported():
    base = q()
    a = tables(deleted={base["id"]: {"at": at(5)}})
    b = tables(edit(base, 1, answer="found it"))
    r = merge_tables("questions", tables(base), a, b)
    assert r.tables["questions"][base["id"]]["answer"] == "found it"
    assert DELETED not in r.tables
    assert any("deleted on one machine" in line for line in r.reports)
    # and it stays alive on the next merge without a base: its time now follows the deletion
    assert base["id"] in merge_tables("questions", None, r.tables, a).tables["questions"]


def test_status_groups_go_to_the_more_advanced_side_and_cards_to_more_reviews():
    base = Session(id=new_id(T0), updated_at=T0).model_dump(mode="json")
    a = edit(base, 9, status="live", started_at=at(3))
    b = edit(base, 1, status="ended", started_at=at(0), ended_at=at(1))
    merged = merge_tables("sessions", tables(base, kind="sessions"), tables(a, kind="sessions"),
                          tables(b, kind="sessions")).tables["sessions"][base["id"]]
    assert (merged["status"], merged["started_at"], merged["ended_at"]) == ("ended", at(0), at(1))


def test_a_foreign_or_newer_file_is_refused():
    import orjson
    import pytest

    from mentor_tui.sync.merge import MergeRefused

    ours = dump("questions/2026-11.json", tables(q()))
    with pytest.raises(MergeRefused):
        merge_bytes("questions/2026-11.json", None, ours, b'{"hello": 1}')
    newer = orjson.loads(ours)
    newer["_meta"]["1"]["schema"] = 99
    with pytest.raises(MergeRefused):
        merge_bytes("questions/2026-11.json", None, ours, orjson.dumps(newer))


def test_an_edit_on_a_slow_clock_still_follows_its_parent(store, monkeypatch):
    from mentor_tui.store import store as store_module

    saved = store.add(Question(text="q"))
    future = saved.updated_at + timedelta(hours=2)
    store.put_many([saved.model_copy(update={"updated_at": future})], stamp=False)  # made on a fast clock
    monkeypatch.setattr(store_module, "utcnow", lambda: T0)  # this machine's clock is far behind
    after = store.update(Question, saved.id, lambda r: r.model_copy(update={"priority": "high"}))
    assert after.updated_at > future


# -- properties ------------------------------------------------------------------------------------

LINES = st.text(alphabet="ab <=>\t", max_size=5)
NOTES = st.lists(LINES, max_size=5).map("\n".join)
IDS = [new_id(T0 + timedelta(seconds=i)) for i in range(4)]


def session(rid: str, notes: str, minute: float, tags=()) -> dict:
    rec = Session(id=rid, notes=notes, tags=list(tags), created_at=T0, updated_at=T0).model_dump(mode="json")
    rec["updated_at"] = at(minute)
    return rec


@st.composite
def history(draw):
    """A base and two sides made from it by edits, deletions and additions, as machines would."""
    base = {rid: session(rid, draw(NOTES), 0) for rid in draw(st.sets(st.sampled_from(IDS[:3])))}

    def side(minute_offset: float):
        recs, dead = copy.deepcopy(base), {}
        for rid in list(recs):
            op = draw(st.sampled_from(["keep", "notes", "tags", "topic", "delete"]))
            minute = minute_offset + draw(st.integers(1, 3))
            if op == "delete":
                del recs[rid]
                dead[rid] = {"at": at(minute)}
            elif op == "notes":
                recs[rid] = edit(recs[rid], minute, notes=draw(NOTES))
            elif op == "tags":
                recs[rid] = edit(recs[rid], minute, tags=draw(st.lists(st.sampled_from("xyz"), unique=True)))
            elif op == "topic":
                recs[rid] = edit(recs[rid], minute, topic=draw(st.sampled_from(["loops", "git"])))
        if draw(st.booleans()) and IDS[3] not in recs:
            recs[IDS[3]] = session(IDS[3], draw(NOTES), minute_offset + 1)
        out = {"sessions": recs}
        if dead:
            out[DELETED] = dead
        return out

    return {"sessions": base}, side(0), side(draw(st.sampled_from([0, 0.5])))


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(history())
def test_merge_is_symmetric(h):
    o, a, b = h
    ab = merge_tables("sessions", o, Side(a, "laptop"), Side(b, "desktop")).tables
    ba = merge_tables("sessions", o, Side(b, "desktop"), Side(a, "laptop")).tables
    assert ab == ba


@PROPERTY
@given(history())
def test_merge_is_idempotent(h):
    o, a, b = h
    rel = "sessions/" + IDS[0] + ".json"
    assert dump(rel, merge_tables("sessions", o, a, a).tables) == dump(rel, a)
    assert dump(rel, merge_tables("sessions", o, a, o).tables) == dump(rel, a)
    m = merge_tables("sessions", o, a, b).tables
    assert merge_tables("sessions", o, m, m).tables == m


@PROPERTY
@given(history())
def test_merge_never_loses_a_typed_line(h):
    o, a, b = h
    merged = merge_tables("sessions", o, a, b).tables["sessions"]
    for side in (a, b):
        for rid, rec in side["sessions"].items():
            before = o["sessions"].get(rid)
            if rec == before:
                continue
            assert rid in merged, "an edited or new record disappeared"
            old_lines = lines(before["notes"]) if before else set()
            assert lines(rec["notes"]) - old_lines <= lines(merged[rid]["notes"])


def lines(text: str) -> set[str]:
    """The typed lines of a text (an empty line carries nothing to lose)."""
    return {line for line in text.split("\n") if line}
