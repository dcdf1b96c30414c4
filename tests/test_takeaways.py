"""Takeaways and their review cards as plain functions, through the store, and the migration of
cards and links written by schema version 1 (no Textual here)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import orjson
from hypothesis import given
from hypothesis import strategies as st

from mentor_tui import live_session as ls
from mentor_tui import takeaways as T
from mentor_tui.models import Entry, ReviewCard, Session
from mentor_tui.review import edit, new_card, rate, set_suspended
from mentor_tui.review import due as due_cards
from mentor_tui.store.files import APP_MARK

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)

MISTAKE = Entry(kind="mistake", text="I committed the file with the conflict markers still in it",
                lesson="Run git diff --check before committing")
INSIGHT = Entry(kind="insight", text="git rebase -i lets you squash commits before a review")
SNIPPET = Entry(kind="snippet", text="git log --oneline --graph --all")
LINK = Entry(kind="link", text="https://git-scm.com/book", label="Pro Git")
NOTES = "# Session with Priya\n- talk about rebase\n```\ngit add requirements.txt\n```\n"


def session_with_entries(**kw) -> Session:
    fields = dict(topic="Git workflows", mentor="Priya", status="live", started_at=T0,
                  entries=[MISTAKE, INSIGHT, SNIPPET, LINK], notes=NOTES)
    fields.update(kw)
    return Session(**fields)


# -- the end-of-call list ------------------------------------------------------------------------


def test_candidates_offer_insights_and_mistakes_first_ticked_then_headings_and_code_unticked():
    cands = T.candidates(session_with_entries())
    assert [(c.kind, c.ticked) for c in cands] == [
        ("mistake", True), ("insight", True),
        ("snippet", False), ("link", False),
        ("heading", False), ("note", False), ("code", False),
    ]
    assert cands[0].text == f"{MISTAKE.text} → {MISTAKE.lesson}"
    assert cands[3].text == "Pro Git — https://git-scm.com/book"
    assert [c.text for c in cands[4:]] == ["Session with Priya", "talk about rebase",
                                          "git add requirements.txt"]


def test_a_ticked_mistake_is_one_takeaway_with_its_lesson_and_one_card(store):
    """The bug: the mistake was kept as "text → lesson" and its entry flagged, and both became
    cards (4 takeaways, 5 cards). Now: one takeaway, one card, the lesson on its back."""
    session = store.add(session_with_entries())
    keys = ["entry:" + MISTAKE.id, "entry:" + INSIGHT.id, "line:1"]
    ended = ls.end_session(store, session.id, T0 + timedelta(hours=1), takeaway_keys=keys,
                           own_takeaways=["Small commits are easier to review"], rating=4)
    chosen = T.chosen(ended)
    assert len(chosen) == 4
    cards = store.all(ReviewCard)
    assert len(cards) == len(chosen) == 4
    mistake_card = next(c for c in cards if c.kind == "mistake")
    assert mistake_card.front == f"What did \u201c{MISTAKE.text}\u201d teach you?"
    assert mistake_card.back == MISTAKE.lesson
    assert {c.key for c in cards} == {t.key for t in chosen}
    # ending again (a retry, a second process) makes no second card
    ls.add_cards(store, ended, T0 + timedelta(hours=2))
    assert len(store.all(ReviewCard)) == 4


def test_cancelled_session_makes_no_cards(store):
    session = store.add(session_with_entries())
    ls.end_session(store, session.id, T0, status="cancelled", takeaway_keys=["entry:" + INSIGHT.id])
    assert store.all(ReviewCard) == []


def test_a_card_made_by_the_old_code_is_recognised():
    """Cards of version 1 were keyed by text: the takeaway must not get a second one."""
    s = session_with_entries(status="ended", ended_at=T0,
                             takeaways=[f"{MISTAKE.text} → {MISTAKE.lesson}"],
                             entries=[MISTAKE.model_copy(update={"takeaway": True})])
    old = new_card(f"{MISTAKE.text} → {MISTAKE.lesson}", s.id, T0)
    assert T.cards_for(s, [old], T0) == []


@given(st.lists(st.sampled_from(["insight", "mistake", "snippet", "note", "link", "question"]),
                max_size=6),
       st.lists(st.text(min_size=1, max_size=40).filter(str.strip), max_size=3),
       st.randoms())
def test_one_card_per_takeaway_whatever_is_ticked(kinds, own, rnd):
    entries = [Entry(kind=k, text=f"{k} number {i}", lesson="a lesson" if k == "mistake" else "")
               for i, k in enumerate(kinds)]
    s = Session(status="live", started_at=T0, entries=entries, notes="# head\nline one\n")
    keys = [c.key for c in T.candidates(s) if rnd.random() < 0.6]
    texts, flagged = T.merge_chosen(s, keys, own)
    s = s.model_copy(update={
        "takeaways": texts, "status": "ended", "ended_at": T0,
        "entries": [e.model_copy(update={"takeaway": e.id in flagged}) for e in s.entries]})
    cards = T.cards_for(s, [], T0)
    assert len(cards) == len(T.chosen(s))
    assert len({c.id for c in cards}) == len(cards)
    assert T.cards_for(s, cards, T0) == []
    assert all(c.front.strip() for c in cards)


# -- fronts and backs ----------------------------------------------------------------------------


def test_fronts_ask_something_answerable_by_kind():
    front, back = T.faces(T.from_entry(SNIPPET))
    assert front == f"What does this do?\n\n{SNIPPET.text}"
    front, back = T.faces(T.Takeaway("k", "insight", "Fixtures compose: one can use another"))
    assert (front, back) == ("Fixtures compose: ____", "Fixtures compose: one can use another")
    front, back = T.faces(T.Takeaway("k", "insight", "rebase rewrites history\nso never on main"))
    assert (front, back) == ("rebase rewrites history …?", "so never on main")
    front, back = T.faces(T.Takeaway("k", "takeaway", "git diff --check finds leftover conflict markers"))
    assert front.endswith("____") and "markers" not in front and back.endswith("markers")


def test_edit_suspend_and_rate_keep_the_schedule():
    card = new_card("x", None, T0)
    edited = edit(card, " What is x? ", " x ")
    assert (edited.front, edited.back, edited.due_at) == ("What is x?", "x", card.due_at)
    suspended = set_suspended(edited, True)
    assert due_cards([suspended], T0 + timedelta(days=1)) == []
    assert due_cards([set_suspended(suspended, False)], T0 + timedelta(days=1))
    rated = rate(edited, "good", T0)
    assert rated.front == "What is x?" and rated.reviews == 1


# -- migration from version 1 --------------------------------------------------------------------


def write_v1(path, kind: str, table: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps({"_meta": {"1": {"app": APP_MARK, "kind": kind, "schema": 1}},
                                   kind: table}))


def v1_card_doc(text: str, session_id: str, card_id: str, at: datetime) -> dict:
    """A card exactly as version 1 wrote it (``model_dump`` of its fields, no front or back)."""
    doc = new_card(text, session_id, at).model_copy(update={"id": card_id}).model_dump(mode="json")
    for field in ("key", "kind", "front", "back", "suspended"):
        doc.pop(field)
    return doc


def test_migration_merges_the_duplicate_cards_of_a_mistake_keeping_their_reviews(store, data_dir):
    session = store.add(session_with_entries(status="ended", ended_at=T0))
    with_lesson = T.card_id(session, f"{MISTAKE.text} → {MISTAKE.lesson}")  # version 1's ids
    without = T.card_id(session, MISTAKE.text)
    insight = T.card_id(session, INSIGHT.text)
    a = v1_card_doc(f"{MISTAKE.text} → {MISTAKE.lesson}", session.id, with_lesson, T0)
    b = v1_card_doc(MISTAKE.text, session.id, without, T0)
    c = v1_card_doc(INSIGHT.text, session.id, insight, T0)
    # the lesson-less copy was reviewed twice, the other once, later
    b_card = ReviewCard.model_validate({**b, "key": ""})
    b_card = rate(rate(b_card, "good", T0), "good", T0 + timedelta(days=1))
    a_card = rate(ReviewCard.model_validate(a), "again", T0 + timedelta(days=2))
    a = {k: v for k, v in a_card.model_dump(mode="json").items() if k in a}
    b = {k: v for k, v in b_card.model_dump(mode="json").items() if k in b}
    path = store.path_for(ReviewCard, with_lesson)
    assert store.path_for(ReviewCard, without) == path
    write_v1(path, "cards", {with_lesson: a, without: b, insight: c})

    cards = store.all(ReviewCard)
    assert len(cards) == 2
    merged = store.get(ReviewCard, with_lesson)
    assert merged.reviews == 3
    assert merged.last_rating == "again" and merged.due_at == a_card.due_at  # the latest review
    assert merged.front == f"What did \u201c{MISTAKE.text}\u201d teach you?"
    assert merged.back == MISTAKE.lesson
    assert store.get(ReviewCard, without) is None
    other = store.get(ReviewCard, insight)
    assert other.front and other.back == INSIGHT.text
    # the first write stores version 2 and a tombstone, so a sync cannot bring the copy back
    store.update(ReviewCard, insight, lambda c: set_suspended(c, True))
    raw = json.loads(path.read_bytes())
    assert raw["_meta"]["1"]["schema"] == 2 and without in raw["_deleted"]


def test_migration_splits_old_links_into_label_and_url(store):
    session = Session(entries=[Entry(kind="link", text="Pro Git — https://git-scm.com/book"),
                               Entry(kind="link", text="https://docs.python.org/3/")])
    doc = session.model_dump(mode="json")
    for e in doc["entries"]:
        e.pop("label")
    write_v1(store.path_for(Session, session.id), "sessions", {session.id: doc})
    got = store.get(Session, session.id)
    assert [(e.label, e.text) for e in got.entries] == [
        ("Pro Git", "https://git-scm.com/book"), ("", "https://docs.python.org/3/")]
    # a takeaway kept from the old one-string link is still that link, not a second takeaway
    flagged = got.model_copy(update={
        "takeaways": ["Pro Git — https://git-scm.com/book"],
        "entries": [e.model_copy(update={"takeaway": i == 0}) for i, e in enumerate(got.entries)]})
    assert [t.kind for t in T.chosen(flagged)] == ["link"]
