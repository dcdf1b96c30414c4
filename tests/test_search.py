"""The search index, without Textual: what matches, what is highlighted, what is re-read."""

from __future__ import annotations

import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from mentor_tui.models import Entry, Material, PracticeTask, Question, Session
from mentor_tui.search import DocCache, DocColumns, Doc, SearchIndex, fold


def test_every_word_must_match_within_one_text_and_each_record_shows_once(store):
    q = Question(text="How do closures capture loop variables?", answer="Late binding: use a default arg.")
    s = Session(topic="Closures", notes="late binding again\n\nand loop variables",
                entries=[Entry(kind="insight", text="Closures keep variables alive")])
    store.put_many([q, s, PracticeTask(title="Counter with a closure"), Material(title="kata", notes="CLOSURE")])
    index = DocCache(store).refresh()
    hits = index.search("closure")
    assert sorted(h.doc.kind for h in hits) == ["material", "question", "session", "task"]
    late = index.search("LATE binding")
    assert {(h.doc.kind, h.doc.field) for h in late} == {("question", "answer"), ("session", "notes")}
    assert index.search("closures late") == []  # the words sit in different texts
    assert index.search("   ") == [] and index.search("\x00") == []


def test_snippet_marks_each_match_in_the_original_text():
    text = "Intro line\n" + "filler " * 40 + "then the İstanbul ROUTER fails, router again"
    (hit,) = SearchIndex([Doc("session", "0" * 16, "notes", "t", text)]).search("router")
    marked = [hit.snippet[a:b] for a, b in hit.spans]
    assert marked == ["ROUTER", "router"] and "\n" not in hit.snippet and hit.snippet.startswith("…")


@given(st.text(max_size=60))
def test_fold_keeps_offsets(text):
    assert len(fold(text)) == len(text)


@given(st.text(st.sampled_from("abcXYZ ÄäßÉé\n-_1"), min_size=1, max_size=60), st.data())
def test_any_word_cut_from_a_text_finds_it(text, data):
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    word = text[i:j]
    index = SearchIndex([Doc("question", "1" * 16, "question", "t", text)])
    if word.split() == [word]:
        query = word.upper() if len(word.upper()) == len(word) else word  # "ß".upper() is "SS"
        (hit,) = index.search(query)
        assert any(hit.snippet[a:b].lower() == word.lower() for a, b in hit.spans)


def _matching_records(docs: list[Doc], query: str) -> set[tuple[str, str]]:
    """What a search must find, worked out the plain way: the records with one text holding
    every word of *query*, case-insensitively."""
    words = fold(query).split()
    return {(d.kind, d.record_id) for d in docs if words and all(w in fold(d.text) for w in words)}


# "İ" lower-cases to two characters: such a text is folded another way (``fold``).
_TEXTS = st.text(st.sampled_from("ab Ab\n🐍éİi"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), _TEXTS), max_size=12),
       st.text(st.sampled_from("ab A🐍éİi"), min_size=1, max_size=4), st.integers(1, 8),
       st.integers(1, 5))
def test_a_query_finds_every_matching_record_once(texts, query, limit, every):
    docs = [Doc("question", str(rid) * 16, "question", "t", text, n)
            for n, (rid, text) in enumerate(texts)]
    index = SearchIndex(docs)
    steps = list(index.steps(query, limit=limit, every=every))
    found = steps[-1]
    assert found is not None and None not in steps[-1:] and steps[:-1] == [None] * (len(steps) - 1)
    if query.split():  # a blank query answers at once; else it yields as it goes
        nones = len(steps) - 1
        assert nones <= len(docs) // every
        if every == 1:  # between records (a record's documents are looked through together)
            assert nones == max(0, len({d.record_id for d in docs}) - 1)
    assert found.total == len(_matching_records(docs, query))
    assert {(r.doc.kind, r.doc.record_id) for r in found.results} <= _matching_records(docs, query)
    assert len(found.results) == min(limit, found.total)
    for r in found.results:
        assert all(fold(r.snippet[a:b]) in fold(query).split() for a, b in r.spans)


def test_the_index_holds_no_copy_of_the_texts():
    """The texts are the records' own strings (the screens hold them anyway): a folded copy of
    five years' texts beside them was 3.8 MB, and one emoji made it 15 MB."""
    texts = [f"plain ascii notes {n} " * 50 for n in range(2000)] + ["why does 🐍 fail?"]
    docs = [Doc("session", f"{n:016d}", "notes", "t", text, n) for n, text in enumerate(texts)]
    index = SearchIndex(docs)
    held = [t for cols in index.parts for t in cols.texts]
    assert sorted(map(id, held)) == sorted(map(id, texts))  # the very strings
    assert set(vars(index)) == {"parts", "part_of", "record_of"}
    assert [r.doc.record_id for r in index.search("🐍")] == [f"{2000:016d}"]


def test_documents_are_held_in_columns_not_one_tuple_each():
    """~27,000 documents at five years: a tuple each was ~3 MB, the columns are under half."""
    texts = [f"text {n}" for n in range(9000)]
    docs = [Doc("question", f"{n // 3:016d}", ("question", "details", "answer")[n % 3], f"title {n // 3}",
                t, n % 3) for n, t in enumerate(texts)]
    tracemalloc.start()
    try:
        as_tuples = [d._replace() for d in docs]  # new tuples over the same strings
        tuples_size = tracemalloc.get_traced_memory()[0]
        del as_tuples
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        columns = DocColumns(docs)
        columns_size = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert columns_size < tuples_size / 2
    assert [columns.doc(r, i) for r in range(columns.record_count) for i in columns.span(r)] == docs


def test_questions_with_the_same_tags_share_their_tags_text_and_are_found_by_it(store):
    """A learner uses a few tags in a few combinations: one "#python #async" string for all the
    questions that have them (a string per question was ~0.3 MB at five years). Entries keep
    their ids (they are held only for entries)."""
    a = store.add(Question(text="first", tags=["python", "async"]))
    b = store.add(Question(text="second", tags=["python", "async"]))
    c = store.add(Question(text="third", tags=["python"]))
    s = store.add(Session(topic="t", entries=[Entry(kind="insight", text="a closure keeps x")]))
    index = DocCache(store).refresh()
    tags = {d.record_id: d.text for d in index.docs if d.field == "tags"}
    assert tags[a.id] == "#python #async" and tags[a.id] is tags[b.id] and tags[c.id] == "#python"
    assert {r.doc.record_id for r in index.search("#async")} == {a.id, b.id}
    [hit] = index.search("closure keeps")
    assert hit.doc.record_id == s.id and hit.doc.entry_id == s.entries[0].id


def test_only_changed_session_files_are_read_again(store, monkeypatch):
    sessions = [Session(topic=f"topic {n}", notes=f"notes {n}") for n in range(5)]
    store.put_many(sessions)
    cache = DocCache(store)
    cache.refresh()
    store.update(Session, sessions[2].id, lambda s: s.model_copy(update={"notes": "fresh words"}))
    reads = []
    original = store.read_raw
    monkeypatch.setattr(store, "read_raw", lambda path: reads.append(path.stem) or original(path))
    index = cache.refresh({"sessions"})
    assert reads == [sessions[2].id]
    assert [h.doc.record_id for h in index.search("fresh")] == [sessions[2].id]
    assert index.search("notes 2") == []


def test_asking_again_for_unchanged_sessions_keeps_the_index_and_a_changed_one_renews_it(store):
    """Search asks for the sessions on every open; an unchanged folder must not cost a new
    index (at five years that took ~25 ms and set off a full garbage collection)."""
    sessions = [Session(topic=f"topic {n}", notes=f"notes {n}") for n in range(3)]
    store.put_many(sessions)
    cache = DocCache(store)
    first = cache.refresh()
    assert cache.refresh({"sessions"}) is first and cache.refresh() is first
    store.update(Session, sessions[1].id, lambda s: s.model_copy(update={"notes": "fresh words"}))
    renewed = cache.refresh({"sessions"})
    assert renewed is not first and [h.doc.record_id for h in renewed.search("fresh")] == [sessions[1].id]
    store.delete(Session, sessions[0].id)
    assert [h.doc.record_id for h in cache.refresh({"sessions"}).search("topic 0")] == []
    store.add(Question(text="a new question"))
    assert [h.doc.kind for h in cache.refresh({"questions"}).search("new question")] == ["question"]
